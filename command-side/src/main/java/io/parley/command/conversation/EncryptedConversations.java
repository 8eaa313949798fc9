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
 *
 * <p>Because it never changes, an answer once known holds for good, in every process: the answers
 * are kept in memory (the {@link #CAPACITY} most recently asked, in a {@link BoundedCache}), so a
 * send into a conversation this process has seen costs no query. "Encrypted" is known from the
 * lookup; "plain" only once a plain send into the conversation has succeeded ({@link #knownPlain}).
 * A miss of the lookup alone may be a conversation not created yet (a direct conversation's id is
 * derived from its members), which may still be created encrypted.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
public class EncryptedConversations {
  static final int CAPACITY = 100_000;

  private final JdbcTemplate jdbc;
  private final BoundedCache known = new BoundedCache(CAPACITY);

  EncryptedConversations(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public boolean isEncrypted(UUID conversationId) {
    Boolean answer = known.get(conversationId);
    if (answer != null) {
      return answer;
    }
    boolean encrypted =
        !jdbc.queryForList(
                "SELECT 1 FROM encrypted_conversation WHERE conversation_id = ?",
                Integer.class,
                conversationId)
            .isEmpty();
    if (encrypted) {
      remember(conversationId, true);
    }
    return encrypted;
  }

  /** A plain message was just sent into {@code conversationId}: it exists, and is not encrypted. */
  public void knownPlain(UUID conversationId) {
    remember(conversationId, false);
  }

  private void remember(UUID conversationId, boolean encrypted) {
    known.put(conversationId, encrypted);
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
