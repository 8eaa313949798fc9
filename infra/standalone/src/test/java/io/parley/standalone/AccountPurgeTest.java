package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scheduled purge (every second in tests, hourly by default; ADR 0093) deletes expired refresh
 * tokens, sessions ended more than a day ago, throttle counters past their window and addresses an
 * account has not logged in from for 90 days, and keeps everything still in use.
 */
@StandaloneTest
class AccountPurgeTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void expiredTokensEndedSessionsAndOldCountersArePurgedWhileLiveOnesStay() {
    AuthHttp api = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = "purge" + UUID.randomUUID().toString().substring(0, 8);
    UUID userId =
        UUID.fromString(
            api.register(name, name + "@example.test", "purge password")
                .user()
                .path("userId")
                .asText());
    Instant now = Instant.now();
    UUID longEnded = session(userId, now.minus(40, ChronoUnit.DAYS), now.minus(2, ChronoUnit.DAYS));
    UUID justEnded = session(userId, now.minus(1, ChronoUnit.HOURS), now);
    UUID live = session(userId, now.minus(40, ChronoUnit.DAYS), null);
    byte[] endedToken = token(longEnded, now.plus(1, ChronoUnit.DAYS));
    byte[] expired = token(live, now.minus(1, ChronoUnit.MINUTES));
    byte[] valid = token(live, now.plus(30, ChronoUnit.DAYS));
    String oldCounter = "purge-test:" + UUID.randomUUID();
    String freshCounter = "purge-test:" + UUID.randomUUID();
    jdbc.update(
        "INSERT INTO login_throttle (throttle_key, window_started, attempts) VALUES (?, ?, 3),"
            + " (?, ?, 3)",
        oldCounter,
        Timestamp.from(now.minus(2, ChronoUnit.HOURS)),
        freshCounter,
        Timestamp.from(now));
    jdbc.update(
        "INSERT INTO login_known_address (user_id, address_block, last_success_at)"
            + " VALUES (?, 'old', ?), (?, 'recent', ?)",
        userId,
        Timestamp.from(now.minus(100, ChronoUnit.DAYS)),
        userId,
        Timestamp.from(now));

    Awaiting.until(
        () ->
            count("device_session WHERE session_id = ?", longEnded) == 0
                    && count("refresh_token WHERE token_hash = ?", expired) == 0
                    && count("login_throttle WHERE throttle_key = ?", oldCounter) == 0
                    && count(
                            "login_known_address WHERE address_block = 'old' AND user_id = ?",
                            userId)
                        == 0
                ? true
                : null,
        Duration.ofSeconds(20));

    assertThat(count("refresh_token WHERE token_hash = ?", endedToken)).isZero();
    assertThat(count("device_session WHERE session_id = ?", justEnded)).isEqualTo(1);
    assertThat(count("device_session WHERE session_id = ?", live)).isEqualTo(1);
    assertThat(count("refresh_token WHERE token_hash = ?", valid)).isEqualTo(1);
    assertThat(count("login_throttle WHERE throttle_key = ?", freshCounter)).isEqualTo(1);
    assertThat(count("login_known_address WHERE address_block = 'recent' AND user_id = ?", userId))
        .isEqualTo(1);
  }

  private UUID session(UUID userId, Instant created, Instant ended) {
    UUID sessionId = UUID.randomUUID();
    jdbc.update(
        "INSERT INTO device_session (session_id, user_id, device_name, created_at, ended_at)"
            + " VALUES (?, ?, 'purge test', ?, ?)",
        sessionId,
        userId,
        Timestamp.from(created),
        ended == null ? null : Timestamp.from(ended));
    return sessionId;
  }

  private byte[] token(UUID sessionId, Instant expires) {
    byte[] hash = new byte[32];
    new java.security.SecureRandom().nextBytes(hash);
    jdbc.update(
        "INSERT INTO refresh_token (token_hash, session_id, expires_at) VALUES (?, ?, ?)",
        hash,
        sessionId,
        Timestamp.from(expires));
    return hash;
  }

  private long count(String fromWhere, Object key) {
    return jdbc.queryForObject("SELECT count(*) FROM " + fromWhere, Long.class, key);
  }
}
