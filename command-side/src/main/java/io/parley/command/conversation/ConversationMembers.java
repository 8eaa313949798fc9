package io.parley.command.conversation;

import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.MemberRoleChangedEvent;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The command side's membership lookup. Its handlers run in the subscribing {@link
 * CommandLookups#GROUP} processor, inside the transaction that appends the membership event, so a
 * removal is visible here the moment it is acknowledged.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
public class ConversationMembers {
  private final JdbcTemplate jdbc;

  ConversationMembers(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<MemberRole> roleOf(UUID conversationId, UUID userId) {
    return jdbc
        .queryForList(
            "SELECT role FROM conversation_member WHERE conversation_id = ? AND user_id = ?",
            String.class,
            conversationId,
            userId)
        .stream()
        .findFirst()
        .map(MemberRole::valueOf);
  }

  @EventHandler
  void on(MemberAddedEvent event) {
    upsert(event.conversationId(), event.userId(), event.role());
  }

  @EventHandler
  void on(MemberRoleChangedEvent event) {
    upsert(event.conversationId(), event.userId(), event.role());
  }

  @EventHandler
  void on(MemberRemovedEvent event) {
    jdbc.update(
        "DELETE FROM conversation_member WHERE conversation_id = ? AND user_id = ?",
        event.conversationId(),
        event.userId());
  }

  private void upsert(UUID conversationId, UUID userId, MemberRole role) {
    jdbc.update(
        "INSERT INTO conversation_member (conversation_id, user_id, role) VALUES (?, ?, ?)"
            + " ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = EXCLUDED.role",
        conversationId,
        userId,
        role.name());
  }
}
