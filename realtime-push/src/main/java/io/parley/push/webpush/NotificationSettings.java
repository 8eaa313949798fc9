package io.parley.push.webpush;

import io.parley.events.conversation.NotificationLevel;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The push service's own copy of who is a member of each conversation and at which notification
 * level (docs/adr/0156). Written by the durable catch-up consumer and by the live notifier alike;
 * every write is guarded by the conversation aggregate's sequence number, so the two never take a
 * row back to an older state and a replay rewrites the same values.
 */
@Repository
class NotificationSettings {
  private final JdbcTemplate jdbc;

  NotificationSettings(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Joined (again): the level starts at the default, ALL. */
  void joined(UUID conversationId, UUID userId, long version) {
    write(conversationId, userId, true, NotificationLevel.ALL, version);
  }

  /** Left or removed: the member's choice is forgotten with the membership. */
  void left(UUID conversationId, UUID userId, long version) {
    write(conversationId, userId, false, NotificationLevel.ALL, version);
  }

  /** A level change; it never makes anyone a member. */
  void levelChanged(UUID conversationId, UUID userId, NotificationLevel level, long version) {
    jdbc.update(
        "INSERT INTO push_notification_setting (conversation_id, user_id, member, level, version)"
            + " VALUES (?, ?, false, ?, ?) ON CONFLICT (conversation_id, user_id) DO UPDATE"
            + " SET level = EXCLUDED.level, version = EXCLUDED.version"
            + " WHERE push_notification_setting.version <= EXCLUDED.version",
        conversationId,
        userId,
        level.wire(),
        version);
  }

  private void write(
      UUID conversationId, UUID userId, boolean member, NotificationLevel level, long version) {
    jdbc.update(
        "INSERT INTO push_notification_setting (conversation_id, user_id, member, level, version)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id, user_id) DO UPDATE"
            + " SET member = EXCLUDED.member, level = EXCLUDED.level, version = EXCLUDED.version"
            + " WHERE push_notification_setting.version <= EXCLUDED.version",
        conversationId,
        userId,
        member,
        level.wire(),
        version);
  }

  /** A member's Web Push subscription and the member's notification level. */
  record Subscribed(PushSubscriptions.Subscription subscription, NotificationLevel level) {}

  /** Every subscription of the conversation's members, each with its member's level. */
  List<Subscribed> subscribedMembers(UUID conversationId) {
    return jdbc.query(
        "SELECT p.endpoint, p.user_id, p.p256dh, p.auth, s.level"
            + " FROM push_notification_setting s JOIN push_subscription p ON p.user_id = s.user_id"
            + " WHERE s.conversation_id = ? AND s.member",
        (row, n) ->
            new Subscribed(
                new PushSubscriptions.Subscription(
                    row.getString("endpoint"),
                    row.getObject("user_id", UUID.class),
                    row.getBytes("p256dh"),
                    row.getBytes("auth")),
                NotificationLevel.valueOf(row.getString("level").toUpperCase(Locale.ROOT))),
        conversationId);
  }
}
