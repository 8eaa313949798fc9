package io.parley.push.webpush;

import io.parley.events.conversation.NotificationLevel;
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
}
