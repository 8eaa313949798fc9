package io.parley.command.account;

import io.parley.support.auth.AccessTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Device sessions and their refresh tokens. A refresh token is random, stored only as a hash, and
 * spent on use; presenting a spent one ends its whole device session (reuse detection).
 */
@Component
class DeviceSessions {
  static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

  record Tokens(
      UUID userId, UUID sessionId, String accessToken, String refreshToken, long expiresIn) {}

  private final JdbcTemplate jdbc;
  private final AccessTokens accessTokens;
  private final SecureRandom random = new SecureRandom();

  DeviceSessions(JdbcTemplate jdbc, AccessTokens accessTokens) {
    this.jdbc = jdbc;
    this.accessTokens = accessTokens;
  }

  Tokens start(UUID userId, String deviceName, Instant now) {
    UUID sessionId = UUID.randomUUID();
    jdbc.update(
        "INSERT INTO device_session (session_id, user_id, device_name, created_at)"
            + " VALUES (?, ?, ?, ?)",
        sessionId,
        userId,
        deviceName,
        Timestamp.from(now));
    return issue(userId, sessionId, now);
  }

  private Tokens issue(UUID userId, UUID sessionId, Instant now) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    jdbc.update(
        "INSERT INTO refresh_token (token_hash, session_id, expires_at) VALUES (?, ?, ?)",
        hash(refreshToken),
        sessionId,
        Timestamp.from(now.plus(REFRESH_LIFETIME)));
    return new Tokens(
        userId,
        sessionId,
        accessTokens.issue(userId, sessionId, now),
        refreshToken,
        AccessTokens.LIFETIME.toSeconds());
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
