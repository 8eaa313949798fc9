package io.parley.command.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what the account tables no longer need: expired refresh tokens, sessions that ended long
 * enough ago, throttle counters past their window and known addresses not seen for months. Runs on
 * every command-side instance at {@code parley.auth.purge.interval}; a transaction-scoped advisory
 * lock lets one instance do each batch while the others skip it, and batches are bounded so no
 * purge holds locks for long. See docs/adr/0093.
 */
@Component
class AccountPurge {
  record Purged(int refreshTokens, int sessions, int throttleCounters, int knownAddresses) {
    int total() {
      return refreshTokens + sessions + throttleCounters + knownAddresses;
    }
  }

  /** An arbitrary constant naming this job's advisory lock ("acctpurg"). */
  private static final long LOCK = 0x6163637470757267L;

  private static final Logger log = LoggerFactory.getLogger(AccountPurge.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final LoginThrottle throttle;
  private final Clock clock;
  private final Duration endedSessionRetention;
  private final int batch;

  AccountPurge(
      JdbcTemplate jdbc,
      TransactionTemplate transaction,
      LoginThrottle throttle,
      Clock clock,
      @Value("${parley.auth.purge.ended-session-retention:1d}") Duration endedSessionRetention,
      @Value("${parley.auth.purge.batch-size:5000}") int batch) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.throttle = throttle;
    this.clock = clock;
    this.endedSessionRetention = endedSessionRetention;
    this.batch = batch;
  }

  @Scheduled(
      initialDelayString = "${parley.auth.purge.initial-delay:1m}",
      fixedDelayString = "${parley.auth.purge.interval:1h}")
  void scheduled() {
    try {
      Purged purged = purge(clock.instant());
      if (purged.total() > 0) {
        log.info("Account purge deleted {}", purged);
      }
    } catch (RuntimeException e) {
      log.warn("Account purge failed; it runs again at the next interval", e);
    }
  }

  Purged purge(Instant now) {
    return new Purged(
        drain(
            "DELETE FROM refresh_token WHERE ctid IN (SELECT ctid FROM refresh_token"
                + " WHERE expires_at < ? LIMIT ?)",
            now),
        drain(
            "DELETE FROM device_session WHERE ctid IN (SELECT ctid FROM device_session"
                + " WHERE ended_at < ? LIMIT ?)",
            now.minus(endedSessionRetention)),
        drain(
            "DELETE FROM login_throttle WHERE ctid IN (SELECT ctid FROM login_throttle"
                + " WHERE window_started < ? LIMIT ?)",
            now.minus(throttle.longestWindow())),
        drain(
            "DELETE FROM login_known_address WHERE ctid IN (SELECT ctid FROM login_known_address"
                + " WHERE last_success_at < ? LIMIT ?)",
            now.minus(throttle.knownFor())));
  }

  /** Deletes in bounded batches until one comes back short or another instance holds the lock. */
  private int drain(String delete, Instant before) {
    int total = 0;
    while (true) {
      Integer deleted =
          transaction.execute(
              status ->
                  Boolean.TRUE.equals(
                          jdbc.queryForObject(
                              "SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))
                      ? jdbc.update(delete, Timestamp.from(before), batch)
                      : -1);
      if (deleted == null || deleted < 0) {
        return total;
      }
      total += deleted;
      if (deleted < batch) {
        return total;
      }
    }
  }
}
