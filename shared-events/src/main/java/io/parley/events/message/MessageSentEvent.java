package io.parley.events.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record MessageSentEvent(
    UUID conversationId,
    long seq,
    long messageId,
    UUID senderId,
    UUID clientMessageId,
    String body,
    Long replyToMessageId,
    Instant sentAt,
    List<Attachment> attachments) {

  /** Events stored before attachments existed read as having none. */
  public MessageSentEvent {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  public MessageSentEvent(
      UUID conversationId,
      long seq,
      long messageId,
      UUID senderId,
      UUID clientMessageId,
      String body,
      Long replyToMessageId,
      Instant sentAt) {
    this(
        conversationId,
        seq,
        messageId,
        senderId,
        clientMessageId,
        body,
        replyToMessageId,
        sentAt,
        List.of());
  }
}
