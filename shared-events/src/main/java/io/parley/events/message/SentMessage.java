package io.parley.events.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The result of a send: the message as accepted, also when a retry found the original. */
public record SentMessage(
    UUID conversationId,
    long seq,
    long messageId,
    UUID senderId,
    String body,
    Long replyToMessageId,
    Instant sentAt,
    List<Attachment> attachments,
    List<UUID> mentions,
    boolean mentionsEveryone,
    String ciphertext) {

  public SentMessage {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    mentions = mentions == null ? List.of() : List.copyOf(mentions);
  }

  public SentMessage(
      UUID conversationId,
      long seq,
      long messageId,
      UUID senderId,
      String body,
      Long replyToMessageId,
      Instant sentAt,
      List<Attachment> attachments,
      List<UUID> mentions,
      boolean mentionsEveryone) {
    this(
        conversationId,
        seq,
        messageId,
        senderId,
        body,
        replyToMessageId,
        sentAt,
        attachments,
        mentions,
        mentionsEveryone,
        null);
  }

  public SentMessage(
      UUID conversationId,
      long seq,
      long messageId,
      UUID senderId,
      String body,
      Long replyToMessageId,
      Instant sentAt,
      List<Attachment> attachments) {
    this(
        conversationId,
        seq,
        messageId,
        senderId,
        body,
        replyToMessageId,
        sentAt,
        attachments,
        List.of(),
        false);
  }

  public SentMessage(
      UUID conversationId,
      long seq,
      long messageId,
      UUID senderId,
      String body,
      Long replyToMessageId,
      Instant sentAt) {
    this(conversationId, seq, messageId, senderId, body, replyToMessageId, sentAt, List.of());
  }
}
