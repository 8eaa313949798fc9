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
    List<Attachment> attachments) {

  public SendMessageCommand {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
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
