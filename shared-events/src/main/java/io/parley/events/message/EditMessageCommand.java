package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code editorId} replaces the body of a message. The caller looked the message up and passes its
 * facts ({@code seq}, {@code authorId}): the conversation keeps no per-message state. In an
 * end-to-end encrypted conversation {@code body} is null and {@code ciphertext} with the {@code
 * keySetVersion} it was encrypted for replaces it.
 */
public record EditMessageCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID editorId,
    long messageId,
    long seq,
    UUID authorId,
    String body,
    Instant now,
    String ciphertext,
    String keySetVersion) {

  public EditMessageCommand(
      UUID conversationId,
      UUID editorId,
      long messageId,
      long seq,
      UUID authorId,
      String body,
      Instant now) {
    this(conversationId, editorId, messageId, seq, authorId, body, now, null, null);
  }
}
