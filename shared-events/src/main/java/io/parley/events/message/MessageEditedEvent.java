package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;

/**
 * In an end-to-end encrypted conversation {@code body} is null and {@code ciphertext} holds the new
 * armored OpenPGP message; events stored before encryption existed read as plain.
 */
public record MessageEditedEvent(
    UUID conversationId,
    long seq,
    long messageId,
    UUID editorId,
    String body,
    Instant editedAt,
    String ciphertext,
    String keySetVersion) {

  public MessageEditedEvent(
      UUID conversationId, long seq, long messageId, UUID editorId, String body, Instant editedAt) {
    this(conversationId, seq, messageId, editorId, body, editedAt, null, null);
  }

  public boolean encrypted() {
    return ciphertext != null;
  }
}
