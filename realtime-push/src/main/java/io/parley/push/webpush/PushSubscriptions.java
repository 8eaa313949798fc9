package io.parley.push.webpush;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The browsers' push subscriptions, by endpoint. */
@Repository
class PushSubscriptions {
  record Subscription(String endpoint, UUID userId, byte[] p256dh, byte[] auth) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  PushSubscriptions(
      JdbcTemplate jdbc, org.springframework.transaction.PlatformTransactionManager tm) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(tm);
  }

  /**
   * Registers (or re-registers) the endpoint for the user and device session. Past {@code
   * maxPerUser}, the user's oldest other subscriptions are dropped: a browser that was reinstalled
   * or cleared leaves a subscription no push service answers for, and it must not lock the user
   * out.
   */
  void register(
      String endpoint,
      UUID userId,
      UUID sessionId,
      byte[] p256dh,
      byte[] auth,
      Instant at,
      int maxPerUser) {
    transactions.executeWithoutResult(
        status -> {
          // One user's registrations in turn, so the count below is exact.
          jdbc.queryForList(
              "SELECT pg_advisory_xact_lock(hashtext(?))", Object.class, userId.toString());
          jdbc.update(
              "INSERT INTO push_subscription (endpoint, user_id, session_id, p256dh, auth,"
                  + " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET"
                  + " user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id,"
                  + " p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,"
                  + " created_at = EXCLUDED.created_at",
              endpoint,
              userId,
              sessionId,
              p256dh,
              auth,
              Timestamp.from(at));
          jdbc.update(
              "DELETE FROM push_subscription WHERE endpoint IN (SELECT endpoint FROM"
                  + " push_subscription WHERE user_id = ? ORDER BY created_at DESC, endpoint"
                  + " OFFSET ?)",
              userId,
              maxPerUser);
        });
  }

  /** Removes the user's subscription at {@code endpoint}; whether there was one. */
  boolean remove(UUID userId, String endpoint) {
    return jdbc.update(
            "DELETE FROM push_subscription WHERE user_id = ? AND endpoint = ?", userId, endpoint)
        > 0;
  }

  /** The push service said the subscription is gone (404/410). */
  void expired(String endpoint) {
    jdbc.update("DELETE FROM push_subscription WHERE endpoint = ?", endpoint);
  }

  void sessionEnded(UUID sessionId) {
    jdbc.update("DELETE FROM push_subscription WHERE session_id = ?", sessionId);
  }

  List<Subscription> of(UUID userId) {
    return jdbc.query(
        "SELECT endpoint, user_id, p256dh, auth FROM push_subscription WHERE user_id = ?",
        (row, n) ->
            new Subscription(
                row.getString("endpoint"),
                row.getObject("user_id", UUID.class),
                row.getBytes("p256dh"),
                row.getBytes("auth")),
        userId);
  }

  int count(UUID userId) {
    Integer count =
        jdbc.queryForObject(
            "SELECT count(*) FROM push_subscription WHERE user_id = ?", Integer.class, userId);
    return count == null ? 0 : count;
  }
}
