package io.parley.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import org.junit.jupiter.api.Test;

/**
 * Events stored before end-to-end encryption existed read as plain: the new record components are
 * absent from their JSON and come out false or null, with no upcaster (docs/adr/0185). The payloads
 * are as the event store holds them.
 */
class OldEventsReadPlainTest {
  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

  @Test
  void anOldGroupAndDirectConversationAreNotEncrypted() throws Exception {
    GroupCreatedEvent group =
        json.readValue(
            "{\"conversationId\":\"00000000-0000-0000-0000-00000000000a\","
                + "\"creatorId\":\"00000000-0000-0000-0000-000000000001\",\"name\":\"Team\","
                + "\"topic\":\"\",\"visibility\":\"PRIVATE\",\"createdAt\":\"2026-11-01T08:00:00Z\"}",
            GroupCreatedEvent.class);
    DirectConversationOpenedEvent direct =
        json.readValue(
            "{\"conversationId\":\"00000000-0000-0000-0000-00000000000b\","
                + "\"initiatorId\":\"00000000-0000-0000-0000-000000000001\","
                + "\"otherUserId\":\"00000000-0000-0000-0000-000000000002\","
                + "\"openedAt\":\"2026-11-01T08:00:00Z\"}",
            DirectConversationOpenedEvent.class);
    assertThat(group.encrypted()).isFalse();
    assertThat(group.name()).isEqualTo("Team");
    assertThat(direct.encrypted()).isFalse();
  }

  @Test
  void anOldMessageAndEditHaveNoCiphertext() throws Exception {
    MessageSentEvent sent =
        json.readValue(
            "{\"conversationId\":\"00000000-0000-0000-0000-00000000000a\",\"seq\":1,"
                + "\"messageId\":77,\"senderId\":\"00000000-0000-0000-0000-000000000001\","
                + "\"clientMessageId\":\"00000000-0000-0000-0000-0000000000c1\",\"body\":\"hi\","
                + "\"replyToMessageId\":null,\"sentAt\":\"2026-11-01T08:00:00Z\"}",
            MessageSentEvent.class);
    MessageEditedEvent edited =
        json.readValue(
            "{\"conversationId\":\"00000000-0000-0000-0000-00000000000a\",\"seq\":1,"
                + "\"messageId\":77,\"editorId\":\"00000000-0000-0000-0000-000000000001\","
                + "\"body\":\"hi!\",\"editedAt\":\"2026-11-01T08:01:00Z\"}",
            MessageEditedEvent.class);
    assertThat(sent.ciphertext()).isNull();
    assertThat(sent.keySetVersion()).isNull();
    assertThat(sent.encrypted()).isFalse();
    assertThat(sent.attachments()).isEmpty();
    assertThat(edited.encrypted()).isFalse();
    assertThat(edited.body()).isEqualTo("hi!");
  }
}
