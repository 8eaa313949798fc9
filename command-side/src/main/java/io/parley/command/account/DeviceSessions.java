package io.parley.command.account;

import io.parley.events.account.EndDeviceSessionCommand;
import io.parley.events.account.SessionEndReason;
import io.parley.events.account.StartDeviceSessionCommand;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AccessTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Device sessions and their refresh tokens. A refresh token is random, stored only as a hash, and
 * spent on use; presenting a spent one ends its whole device session (reuse detection). The table
 * and the Account aggregate change in one transaction, so they never disagree. See docs/adr/0010.
 */
@Component
class DeviceSessions {
  record Tokens(
      UUID userId, UUID sessionId, String accessToken, String refreshToken, long expiresIn) {}

  private record Presented(
      UUID userId, UUID sessionId, Instant expiresAt, boolean spent, boolean ended) {}

  private enum Verdict {
    UNKNOWN,
    REUSED
  }

  private final JdbcTemplate jdbc;
  private final AccessTokens accessTokens;
  private final CommandGateway commands;
  private final TransactionTemplate transaction;
  private final Duration refreshLifetime;
  private final SecureRandom random = new SecureRandom();

  DeviceSessions(
      JdbcTemplate jdbc,
      AccessTokens accessTokens,
      CommandGateway commands,
      TransactionTemplate transaction,
      @Value("${parley.auth.refresh-token-lifetime:30d}") Duration refreshLifetime) {
    this.jdbc = jdbc;
    this.accessTokens = accessTokens;
    this.commands = commands;
    this.transaction = transaction;
    this.refreshLifetime = refreshLifetime;
  }

  /** Starts a session for a user whose password was just checked, with its first token pair. */
  Tokens start(UUID userId, String deviceName, Instant now) {
    UUID sessionId = UUID.randomUUID();
    return OnConflict.retry(
        () ->
            transaction.execute(
                status -> {
                  jdbc.update(
                      "INSERT INTO device_session (session_id, user_id, device_name, created_at)"
                          + " VALUES (?, ?, ?, ?)",
                      sessionId,
                      userId,
                      deviceName,
                      Timestamp.from(now));
                  commands.sendAndWait(
                      new StartDeviceSessionCommand(userId, sessionId, deviceName, now));
                  return issue(userId, sessionId, now);
                }));
  }

  /**
   * Spends a refresh token for a new pair. A spent token ends its session (the revocation commits
   * even though the caller is refused); unknown, expired and ended ones are simply refused.
   */
  Tokens refresh(String refreshToken, Instant now) {
    Object outcome =
        OnConflict.retry(
            () ->
                transaction.execute(
                    status -> {
                      Optional<Presented> presented = find(refreshToken);
                      if (presented.isEmpty() || presented.get().ended()) {
                        return Verdict.UNKNOWN;
                      }
                      Presented token = presented.get();
                      if (token.spent()) {
                        end(
                            token.userId(),
                            token.sessionId(),
                            SessionEndReason.REFRESH_TOKEN_REUSED,
                            now);
                        return Verdict.REUSED;
                      }
                      if (!now.isBefore(token.expiresAt())) {
                        return Verdict.UNKNOWN;
                      }
                      jdbc.update(
                          "UPDATE refresh_token SET spent_at = ? WHERE token_hash = ?",
                          Timestamp.from(now),
                          hash(refreshToken));
                      return issue(token.userId(), token.sessionId(), now);
                    }));
    if (outcome instanceof Tokens tokens) {
      return tokens;
    }
    throw new DomainException(
        ErrorCode.UNAUTHENTICATED,
        outcome == Verdict.REUSED
            ? "That refresh token was already used; its device session has ended."
            : "The refresh token is invalid or has expired.");
  }

  /** Ends the session a refresh token belongs to (spent or not); idempotent. */
  void logout(String refreshToken, Instant now) {
    boolean known =
        Boolean.TRUE.equals(
            OnConflict.retry(
                () ->
                    transaction.execute(
                        status -> {
                          Optional<Presented> presented = find(refreshToken);
                          presented.ifPresent(
                              token ->
                                  end(
                                      token.userId(),
                                      token.sessionId(),
                                      SessionEndReason.LOGOUT,
                                      now));
                          return presented.isPresent();
                        })));
    if (!known) {
      throw new DomainException(ErrorCode.UNAUTHENTICATED, "The refresh token is invalid.");
    }
  }

  /** Marks every live session but {@code keep} ended; the aggregate emits the events. */
  void endOthersInTable(UUID userId, UUID keep, Instant now) {
    jdbc.update(
        "UPDATE device_session SET ended_at = ?"
            + " WHERE user_id = ? AND session_id <> ? AND ended_at IS NULL",
        Timestamp.from(now),
        userId,
        keep);
  }

  private void end(UUID userId, UUID sessionId, SessionEndReason reason, Instant now) {
    jdbc.update(
        "UPDATE device_session SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL",
        Timestamp.from(now),
        sessionId);
    commands.sendAndWait(new EndDeviceSessionCommand(userId, sessionId, reason, now));
  }

  /** Locks the token's row, so two uses of one token are serialised and the second is a reuse. */
  private Optional<Presented> find(String refreshToken) {
    return jdbc
        .query(
            "SELECT s.user_id, t.session_id, t.expires_at, t.spent_at IS NOT NULL,"
                + " s.ended_at IS NOT NULL FROM refresh_token t"
                + " JOIN device_session s ON s.session_id = t.session_id"
                + " WHERE t.token_hash = ? FOR UPDATE OF t",
            (rs, i) ->
                new Presented(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getTimestamp(3).toInstant(),
                    rs.getBoolean(4),
                    rs.getBoolean(5)),
            hash(refreshToken))
        .stream()
        .findFirst();
  }

  private Tokens issue(UUID userId, UUID sessionId, Instant now) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    jdbc.update(
        "INSERT INTO refresh_token (token_hash, session_id, expires_at) VALUES (?, ?, ?)",
        hash(refreshToken),
        sessionId,
        Timestamp.from(now.plus(refreshLifetime)));
    return new Tokens(
        userId,
        sessionId,
        accessTokens.issue(userId, sessionId, now),
        refreshToken,
        AccessTokens.LIFETIME.toSeconds());
  }

  /**
   * Refresh tokens carry 256 random bits, so a fast hash is enough to make a stolen table inert.
   */
  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
