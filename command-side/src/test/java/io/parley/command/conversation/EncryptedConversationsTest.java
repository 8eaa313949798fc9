package io.parley.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.command.CommandSideApplication;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The encryption lookup against the real Postgres: a known answer is kept in memory (no query for
 * it), and a miss of the lookup is asked again, as the conversation may yet be created encrypted.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class EncryptedConversationsTest {
  @Autowired EncryptedConversations conversations;
  @Autowired JdbcTemplate jdbc;

  private void storeEncrypted(UUID conversationId) {
    jdbc.update("INSERT INTO encrypted_conversation (conversation_id) VALUES (?)", conversationId);
  }

  private void forget(UUID conversationId) {
    jdbc.update("DELETE FROM encrypted_conversation WHERE conversation_id = ?", conversationId);
  }

  @Test
  void anEncryptedConversationIsRememberedOnceLookedUp() {
    UUID id = UUID.randomUUID();
    storeEncrypted(id);
    assertThat(conversations.isEncrypted(id)).isTrue();

    forget(id); // only the memory can answer now
    assertThat(conversations.isEncrypted(id)).isTrue();
  }

  @Test
  void aMissIsAskedAgainForTheConversationMayYetBeCreatedEncrypted() {
    UUID id = UUID.randomUUID();
    assertThat(conversations.isEncrypted(id)).isFalse();

    storeEncrypted(id);
    assertThat(conversations.isEncrypted(id)).isTrue();
    forget(id);
  }

  @Test
  void aConversationAPlainMessageWasSentIntoIsKnownPlainWithoutAQuery() {
    UUID id = UUID.randomUUID();
    conversations.knownPlain(id);

    storeEncrypted(id); // never happens to a conversation that exists: shows that no query ran
    assertThat(conversations.isEncrypted(id)).isFalse();
    forget(id);
  }
}
