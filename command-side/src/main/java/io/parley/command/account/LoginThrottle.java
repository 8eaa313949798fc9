package io.parley.command.account;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Brute-force protection for password checks, per account and per client address, in a table so
 * every command-side instance shares the counts. Every attempt is counted before the password is
 * checked (so a burst of parallel guesses cannot slip past the limit); a success takes its attempt
 * back. A key over its limit is refused until its fixed window ends. See docs/adr/0012.
 */
@Component
class LoginThrottle {
  record Key(String value, int limit) {}

  private static final String COUNT =
      "INSERT INTO login_throttle (throttle_key, window_started, attempts) VALUES (?, ?, 1)"
          + " ON CONFLICT (throttle_key) DO UPDATE SET"
          + " window_started = CASE WHEN login_throttle.window_started <= ?"
          + "   THEN EXCLUDED.window_started ELSE login_throttle.window_started END,"
          + " attempts = CASE WHEN login_throttle.window_started <= ?"
          + "   THEN 1 ELSE login_throttle.attempts + 1 END"
          + " RETURNING window_started, attempts";

  private final JdbcTemplate jdbc;
  private final Duration window;
  private final int accountLimit;
  private final int addressLimit;
  private final AtomicInteger sinceSweep = new AtomicInteger();

  LoginThrottle(
      JdbcTemplate jdbc,
      @Value("${parley.auth.throttle.window:15m}") Duration window,
      @Value("${parley.auth.throttle.account-attempts:5}") int accountLimit,
      @Value("${parley.auth.throttle.address-attempts:50}") int addressLimit) {
    this.jdbc = jdbc;
    this.window = window;
    this.accountLimit = accountLimit;
    this.addressLimit = addressLimit;
  }

  Key account(String accountKey) {
    return new Key(accountKey, accountLimit);
  }

  Key address(String address) {
    return new Key("address:" + address, addressLimit);
  }

  /** Counts one attempt on each key; the wait until the latest blocked key's window ends. */
  Optional<Duration> attempt(List<Key> keys, Instant now) {
    sweepNowAndThen(now);
    Timestamp expiredBefore = Timestamp.from(now.minus(window));
    Duration wait = Duration.ZERO;
    for (Key key : keys) {
      Duration keyWait =
          jdbc.queryForObject(
              COUNT,
              (rs, i) ->
                  rs.getInt(2) > key.limit()
                      ? Duration.between(now, rs.getTimestamp(1).toInstant().plus(window))
                      : Duration.ZERO,
              key.value(),
              Timestamp.from(now),
              expiredBefore,
              expiredBefore);
      if (keyWait.compareTo(wait) > 0) {
        wait = keyWait;
      }
    }
    return wait.isZero() || wait.isNegative() ? Optional.empty() : Optional.of(wait);
  }

  /** The password was right: the account starts afresh; the address gets its attempt back. */
  void succeeded(Key account, Key address) {
    jdbc.update("DELETE FROM login_throttle WHERE throttle_key = ?", account.value());
    jdbc.update(
        "UPDATE login_throttle SET attempts = GREATEST(attempts - 1, 0) WHERE throttle_key = ?",
        address.value());
  }

  private void sweepNowAndThen(Instant now) {
    if (sinceSweep.incrementAndGet() % 256 == 0) {
      jdbc.update(
          "DELETE FROM login_throttle WHERE window_started < ?", Timestamp.from(now.minus(window)));
    }
  }
}
