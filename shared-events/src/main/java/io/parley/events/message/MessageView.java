package io.parley.events.message;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A message as the public API shows it. 64-bit ids travel as strings: JS numbers lose them. */
public record MessageView(
    @JsonFormat(shape = JsonFormat.Shape.STRING) long messageId,
    UUID conversationId,
    long seq,
    UUID senderId,
    String body,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Long replyToMessageId,
    Instant createdAt,
    Instant editedAt,
    boolean deleted,
    Map<String, Integer> reactions,
    List<Attachment> attachments,
    List<UUID> mentions,
    boolean mentionsEveryone,
    String ciphertext) {

  /**
   * A deleted message shows no attachments and mentions no one; none is an empty list, never null.
   * In an end-to-end encrypted conversation {@code body} is null and {@code ciphertext} holds the
   * armored OpenPGP message only members' devices can read; a deleted one has neither (the read
   * models clear both).
   */
  public MessageView {
    attachments = attachments == null || deleted ? List.of() : List.copyOf(attachments);
    mentions = mentions == null || deleted ? List.of() : List.copyOf(mentions);
    mentionsEveryone = mentionsEveryone && !deleted;
  }

  public MessageView(
      long messageId,
      UUID conversationId,
      long seq,
      UUID senderId,
      String body,
      Long replyToMessageId,
      Instant createdAt,
      Instant editedAt,
      boolean deleted,
      Map<String, Integer> reactions,
      List<Attachment> attachments,
      List<UUID> mentions,
      boolean mentionsEveryone) {
    this(
        messageId,
        conversationId,
        seq,
        senderId,
        body,
        replyToMessageId,
        createdAt,
        editedAt,
        deleted,
        reactions,
        attachments,
        mentions,
        mentionsEveryone,
        null);
  }

  public MessageView(
      long messageId,
      UUID conversationId,
      long seq,
      UUID senderId,
      String body,
      Long replyToMessageId,
      Instant createdAt,
      Instant editedAt,
      boolean deleted,
      Map<String, Integer> reactions,
      List<Attachment> attachments) {
    this(
        messageId,
        conversationId,
        seq,
        senderId,
        body,
        replyToMessageId,
        createdAt,
        editedAt,
        deleted,
        reactions,
        attachments,
        List.of(),
        false);
  }

  /** The same message with other reaction counts. */
  public MessageView withReactions(Map<String, Integer> counts) {
    return new MessageView(
        messageId,
        conversationId,
        seq,
        senderId,
        body,
        replyToMessageId,
        createdAt,
        editedAt,
        deleted,
        counts,
        attachments,
        mentions,
        mentionsEveryone,
        ciphertext);
  }

  public MessageView(
      long messageId,
      UUID conversationId,
      long seq,
      UUID senderId,
      String body,
      Long replyToMessageId,
      Instant createdAt,
      Instant editedAt,
      boolean deleted,
      Map<String, Integer> reactions) {
    this(
        messageId,
        conversationId,
        seq,
        senderId,
        body,
        replyToMessageId,
        createdAt,
        editedAt,
        deleted,
        reactions,
        List.of());
  }

  public static MessageView of(SentMessage sent) {
    return new MessageView(
        sent.messageId(),
        sent.conversationId(),
        sent.seq(),
        sent.senderId(),
        sent.body(),
        sent.replyToMessageId(),
        sent.sentAt(),
        null,
        false,
        Map.of(),
        sent.attachments(),
        sent.mentions(),
        sent.mentionsEveryone(),
        sent.ciphertext());
  }
}
