package io.parley.query.conversation;

import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Conversations and memberships in the Postgres directory. Idempotent upserts keyed by ids. */
@Component
@ProcessingGroup(ConversationDirectoryProjection.GROUP)
class ConversationDirectoryProjection {
  static final String GROUP = "conversation-directory";

  private final JdbcTemplate jdbc;

  ConversationDirectoryProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(GroupCreatedEvent event) {
    jdbc.update(
        "INSERT INTO directory_conversation (conversation_id, kind, name, topic, visibility,"
            + " created_at) VALUES (?, 'group', ?, ?, ?, ?) ON CONFLICT (conversation_id) DO"
            + " NOTHING",
        event.conversationId(),
        event.name(),
        event.topic(),
        event.visibility().wire(),
        Timestamp.from(event.createdAt()));
  }

  @EventHandler
  void on(MemberAddedEvent event) {
    jdbc.update(
        "INSERT INTO directory_membership (conversation_id, user_id, role, joined_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, user_id) DO UPDATE"
            + " SET role = EXCLUDED.role",
        event.conversationId(),
        event.userId(),
        event.role().wire(),
        Timestamp.from(event.addedAt()));
    refreshMemberCount(event.conversationId());
  }

  private void refreshMemberCount(java.util.UUID conversationId) {
    jdbc.update(
        "UPDATE directory_conversation SET member_count ="
            + " (SELECT count(*) FROM directory_membership WHERE conversation_id = ?)"
            + " WHERE conversation_id = ?",
        conversationId,
        conversationId);
  }

  @ResetHandler
  void reset() {
    jdbc.update("TRUNCATE directory_conversation, directory_membership");
  }
}
