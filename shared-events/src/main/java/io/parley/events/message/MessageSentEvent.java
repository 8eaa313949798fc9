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
    List<Attachment> attachments,
    List<UUID> mentions,
    boolean mentionsEveryone,
    String ciphertext,
    String keySetVersion) {

  /**
   * Events stored before attachments, mentions or encryption existed read as having none. In an
   * end-to-end encrypted conversation {@code body} is null and {@code ciphertext} holds the
   * ASCII-armored OpenPGP message, encrypted to the recipients named by {@code keySetVersion}
   * (docs/adr/0185). {@code mentions} are the members named by {@code @username} in the body,
   * resolved when the message was sent (in order of first appearance, no duplicates, never the
   * sender); {@code mentionsEveryone} is an {@code @here} or {@code @everyone} that the sender was
   * allowed to use.
   */
  public MessageSentEvent {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    mentions = mentions == null ? List.of() : List.copyOf(mentions);
  }

  public MessageSentEvent(
      UUID conversationId,
      long seq,
      long messageId,
      UUID senderId,
      UUID clientMessageId,
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
        clientMessageId,
        body,
        replyToMessageId,
        sentAt,
        attachments,
        mentions,
        mentionsEveryone,
        null,
        null);
  }

  public boolean encrypted() {
    return ciphertext != null;
  }

  public MessageSentEvent(
      UUID conversationId,
      long seq,
      long messageId,
      UUID senderId,
      UUID clientMessageId,
      String body,
      Long replyToMessageId,
      Instant sentAt,
      List<Attachment> attachments) {
    this(
        conversationId,
        seq,
        messageId,
        senderId,
        clientMessageId,
        body,
        replyToMessageId,
        sentAt,
        attachments,
        List.of(),
        false);
  }

  /**
   * Whether this message mentions {@code userId}, by name or by {@code @here}/{@code @everyone}.
   */
  public boolean mentions(UUID userId) {
    return !userId.equals(senderId) && (mentionsEveryone || mentions.contains(userId));
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
        List.of(),
        List.of(),
        false);
  }
}
