package io.parley.command.conversation;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which conversations are end-to-end encrypted, for the endpoints that check a message's shape
 * before its command (the Conversation checks again). Kept by the subscribing {@link
 * CommandLookups#GROUP} processor in the transaction that creates the conversation; encryption is
 * chosen at creation and never changes, so the lookup cannot lag behind the aggregate.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
public class EncryptedConversations {
  private final JdbcTemplate jdbc;

  EncryptedConversations(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public boolean isEncrypted(UUID conversationId) {
    return !jdbc.queryForList(
            "SELECT 1 FROM encrypted_conversation WHERE conversation_id = ?",
            Integer.class,
            conversationId)
        .isEmpty();
  }

  @EventHandler
  void on(GroupCreatedEvent event) {
    if (event.encrypted()) {
      insert(event.conversationId());
    }
  }

  @EventHandler
  void on(DirectConversationOpenedEvent event) {
    if (event.encrypted()) {
      insert(event.conversationId());
    }
  }

  private void insert(UUID conversationId) {
    jdbc.update(
        "INSERT INTO encrypted_conversation (conversation_id) VALUES (?) ON CONFLICT DO NOTHING",
        conversationId);
  }
}
