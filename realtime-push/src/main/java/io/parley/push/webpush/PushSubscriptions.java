package io.parley.push.webpush;

import io.parley.events.conversation.NotificationLevel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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
        (row, n) -> subscription(row),
        userId);
  }

  /** A member's subscription and the member's notification level in the conversation. */
  record OfMember(Subscription subscription, NotificationLevel level) {}

  /**
   * Every subscription of the members of these conversations, each with its member's level, by
   * conversation, in one query (the Web Push notifier asks for each batch of messages, in every
   * push process); a conversation none of whose members has a subscription is absent.
   */
  Map<UUID, List<OfMember>> ofMembers(Collection<UUID> conversationIds) {
    Map<UUID, List<OfMember>> byConversation = new HashMap<>();
    jdbc.query(
        "SELECT s.conversation_id, p.endpoint, p.user_id, p.p256dh, p.auth, s.level"
            + " FROM push_notification_setting s JOIN push_subscription p ON p.user_id = s.user_id"
            + " WHERE s.conversation_id = ANY(?) AND s.member",
        (RowCallbackHandler)
            row ->
                byConversation
                    .computeIfAbsent(
                        row.getObject("conversation_id", UUID.class), k -> new ArrayList<>())
                    .add(
                        new OfMember(
                            subscription(row),
                            NotificationLevel.valueOf(
                                row.getString("level").toUpperCase(Locale.ROOT)))),
        (Object) conversationIds.toArray(UUID[]::new));
    return byConversation;
  }

  private static Subscription subscription(ResultSet row) throws SQLException {
    return new Subscription(
        row.getString("endpoint"),
        row.getObject("user_id", UUID.class),
        row.getBytes("p256dh"),
        row.getBytes("auth"));
  }

  int count(UUID userId) {
    Integer count =
        jdbc.queryForObject(
            "SELECT count(*) FROM push_subscription WHERE user_id = ?", Integer.class, userId);
    return count == null ? 0 : count;
  }
}
