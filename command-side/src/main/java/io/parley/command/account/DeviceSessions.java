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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Device sessions and their refresh tokens. A refresh token is random, stored only as a hash, and
 * spent on use; presenting a spent one ends its whole device session (reuse detection), except the
 * immediately previous token within a short grace (a reload that lost the answer to a refresh). The
 * table and the Account aggregate change in one transaction, so they never disagree. See
 * docs/adr/0010 and docs/adr/0091.
 */
@Component
class DeviceSessions {
  record Tokens(
      UUID userId, UUID sessionId, String accessToken, String refreshToken, long expiresIn) {}

  private record Presented(
      UUID userId,
      UUID sessionId,
      Instant expiresAt,
      Instant spentAt,
      byte[] successor,
      boolean successorLive,
      boolean ended) {
    boolean spent() {
      return spentAt != null;
    }

    /** Its successor was never used and it was spent moments ago: its answer may have been lost. */
    boolean withinGrace(Instant now, Duration grace) {
      return successorLive && now.isBefore(spentAt.plus(grace)) && now.isBefore(expiresAt);
    }
  }

  private enum Verdict {
    UNKNOWN,
    REUSED
  }

  private final JdbcTemplate jdbc;
  private final AccessTokens accessTokens;
  private final CommandGateway commands;
  private final TransactionTemplate transaction;
  private final Duration refreshLifetime;
  private final Duration grace;
  private final SecureRandom random = new SecureRandom();

  DeviceSessions(
      JdbcTemplate jdbc,
      AccessTokens accessTokens,
      CommandGateway commands,
      TransactionTemplate transaction,
      @Value("${parley.auth.refresh-token-lifetime:30d}") Duration refreshLifetime,
      @Value("${parley.auth.refresh-grace:10s}") Duration grace) {
    this.jdbc = jdbc;
    this.accessTokens = accessTokens;
    this.commands = commands;
    this.transaction = transaction;
    this.refreshLifetime = refreshLifetime;
    this.grace = grace;
  }

  /** Starts a session for a user whose password was just checked, with its first token pair. */
  Tokens start(UUID userId, String deviceName, Instant now) {
    UUID sessionId = UUID.randomUUID();
    return OnConflict.retry(
        () ->
            transaction.execute(
                status -> {
                  jdbc.update(
                      "INSERT INTO device_session (session_id, user_id, device_name, created_at,"
                          + " last_used_at) VALUES (?, ?, ?, ?, ?)",
                      sessionId,
                      userId,
                      deviceName,
                      Timestamp.from(now),
                      Timestamp.from(now));
                  commands.sendAndWait(
                      new StartDeviceSessionCommand(userId, sessionId, deviceName, now));
                  return issue(userId, sessionId, now);
                }));
  }

  /**
   * Spends a refresh token for a new pair. A spent token ends its session (the revocation commits
   * even though the caller is refused), unless it is the immediately previous token presented
   * within the grace: then its unused successor is spent in its place and a fresh pair issued.
   * Unknown, expired and ended ones are simply refused.
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
                        if (token.withinGrace(now, grace) && supersede(token.successor(), now)) {
                          return rotate(token, List.of(hash(refreshToken), token.successor()), now);
                        }
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
                      return rotate(token, List.of(hash(refreshToken)), now);
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

  /** Spends a successor nobody used yet; false when somebody just did (then it is a real reuse). */
  private boolean supersede(byte[] successor, Instant now) {
    return jdbc.update(
            "UPDATE refresh_token SET spent_at = ? WHERE token_hash = ? AND spent_at IS NULL",
            Timestamp.from(now),
            successor)
        == 1;
  }

  /** Issues the next pair and records it as the successor of the tokens it replaces. */
  private Tokens rotate(Presented token, List<byte[]> replaced, Instant now) {
    jdbc.update(
        "UPDATE device_session SET last_used_at = ? WHERE session_id = ?",
        Timestamp.from(now),
        token.sessionId());
    Tokens next = issue(token.userId(), token.sessionId(), now);
    byte[] successor = hash(next.refreshToken());
    for (byte[] spent : replaced) {
      jdbc.update(
          "UPDATE refresh_token SET successor_hash = ? WHERE token_hash = ?", successor, spent);
    }
    return next;
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

  /** One of a user's live device sessions, as {@code GET /api/me/sessions} lists it. */
  record Live(UUID sessionId, String deviceName, Instant createdAt, Instant lastUsedAt) {}

  /** The user's live sessions, most recently used first. */
  List<Live> live(UUID userId) {
    return jdbc.query(
        "SELECT session_id, device_name, created_at, COALESCE(last_used_at, created_at)"
            + " FROM device_session WHERE user_id = ? AND ended_at IS NULL"
            + " ORDER BY 4 DESC, session_id",
        (rs, i) ->
            new Live(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4).toInstant()),
        userId);
  }

  /**
   * Ends one of the user's own sessions: its refresh token stops working and its sockets close.
   * Ending an ended one again is a no-op; a session of another user is as unknown (404).
   */
  void revoke(UUID userId, UUID sessionId, Instant now) {
    boolean known =
        Boolean.TRUE.equals(
            OnConflict.retry(
                () ->
                    transaction.execute(
                        status -> {
                          List<Boolean> ended =
                              jdbc.queryForList(
                                  "SELECT ended_at IS NOT NULL FROM device_session"
                                      + " WHERE session_id = ? AND user_id = ? FOR UPDATE",
                                  Boolean.class,
                                  sessionId,
                                  userId);
                          if (ended.isEmpty()) {
                            return false;
                          }
                          if (!ended.get(0)) {
                            end(userId, sessionId, SessionEndReason.REVOKED, now);
                          }
                          return true;
                        })));
    if (!known) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such device session.");
    }
  }

  /** Marks every live session of the user ended (account deletion); the aggregate emits events. */
  void endAllInTable(UUID userId, Instant now) {
    jdbc.update(
        "UPDATE device_session SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
        Timestamp.from(now),
        userId);
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

  /**
   * Locks the token's row, so two uses of one token are serialised: the second is a reuse, or a use
   * within the grace.
   */
  private Optional<Presented> find(String refreshToken) {
    return jdbc
        .query(
            "SELECT s.user_id, t.session_id, t.expires_at, t.spent_at, t.successor_hash,"
                + " n.token_hash IS NOT NULL AND n.spent_at IS NULL, s.ended_at IS NOT NULL"
                + " FROM refresh_token t"
                + " JOIN device_session s ON s.session_id = t.session_id"
                + " LEFT JOIN refresh_token n ON n.token_hash = t.successor_hash"
                + " WHERE t.token_hash = ? FOR UPDATE OF t",
            (rs, i) -> {
              Timestamp spentAt = rs.getTimestamp(4);
              return new Presented(
                  rs.getObject(1, UUID.class),
                  rs.getObject(2, UUID.class),
                  rs.getTimestamp(3).toInstant(),
                  spentAt == null ? null : spentAt.toInstant(),
                  rs.getBytes(5),
                  rs.getBoolean(6),
                  rs.getBoolean(7));
            },
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
