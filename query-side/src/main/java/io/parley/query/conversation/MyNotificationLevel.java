package io.parley.query.conversation;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The viewer's notification level of one conversation, from their inbox entry (ADR 0154). */
@Repository
class MyNotificationLevel {
  private final JdbcTemplate jdbc;

  MyNotificationLevel(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** {@code null} when the viewer has no inbox entry (not a member). */
  String of(UUID conversationId, UUID userId) {
    return jdbc
        .queryForList(
            "SELECT notification_level FROM inbox_entry WHERE user_id = ? AND conversation_id = ?",
            String.class,
            userId,
            conversationId)
        .stream()
        .findFirst()
        .orElse(null);
  }
}
