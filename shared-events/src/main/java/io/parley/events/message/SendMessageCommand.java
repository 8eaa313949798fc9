package io.parley.events.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sends a message. {@code messageId} is minted by the caller (time-ordered, 64 bit) so the handler
 * stays deterministic; a repeated {@code clientMessageId} yields the original message.
 */
public record SendMessageCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID senderId,
    long messageId,
    UUID clientMessageId,
    String body,
    Long replyToMessageId,
    Instant now,
    List<Attachment> attachments,
    List<UUID> mentionCandidates,
    boolean mentionsEveryoneRequested,
    String ciphertext,
    String keySetVersion) {

  /**
   * {@code mentionCandidates}: the users the body names by {@code @username}, in order of first
   * appearance, as the caller looked them up; the conversation keeps its members among them. {@code
   * mentionsEveryoneRequested}: the body says {@code @here} or {@code @everyone}; the conversation
   * decides whether the sender may. In an end-to-end encrypted conversation {@code body} is null,
   * {@code ciphertext} is the armored OpenPGP message and {@code keySetVersion} names the
   * recipients it was encrypted to; it must be the conversation's current one (docs/adr/0186).
   */
  public SendMessageCommand {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    mentionCandidates = mentionCandidates == null ? List.of() : List.copyOf(mentionCandidates);
  }

  public SendMessageCommand(
      UUID conversationId,
      UUID senderId,
      long messageId,
      UUID clientMessageId,
      String body,
      Long replyToMessageId,
      Instant now,
      List<Attachment> attachments,
      List<UUID> mentionCandidates,
      boolean mentionsEveryoneRequested) {
    this(
        conversationId,
        senderId,
        messageId,
        clientMessageId,
        body,
        replyToMessageId,
        now,
        attachments,
        mentionCandidates,
        mentionsEveryoneRequested,
        null,
        null);
  }

  /** An end-to-end encrypted message: no body, no mentions the server could see. */
  public static SendMessageCommand encrypted(
      UUID conversationId,
      UUID senderId,
      long messageId,
      UUID clientMessageId,
      String ciphertext,
      String keySetVersion,
      Long replyToMessageId,
      Instant now) {
    return new SendMessageCommand(
        conversationId,
        senderId,
        messageId,
        clientMessageId,
        null,
        replyToMessageId,
        now,
        List.of(),
        List.of(),
        false,
        ciphertext,
        keySetVersion);
  }

  public SendMessageCommand(
      UUID conversationId,
      UUID senderId,
      long messageId,
      UUID clientMessageId,
      String body,
      Long replyToMessageId,
      Instant now,
      List<Attachment> attachments) {
    this(
        conversationId,
        senderId,
        messageId,
        clientMessageId,
        body,
        replyToMessageId,
        now,
        attachments,
        List.of(),
        false);
  }

  public SendMessageCommand(
      UUID conversationId,
      UUID senderId,
      long messageId,
      UUID clientMessageId,
      String body,
      Long replyToMessageId,
      Instant now) {
    this(
        conversationId,
        senderId,
        messageId,
        clientMessageId,
        body,
        replyToMessageId,
        now,
        List.of());
  }
}
