package io.parley.push.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code message.updated}: the new body of an edited message; in an end-to-end encrypted
 * conversation body is null and {@code ciphertext} holds the new armored OpenPGP message.
 */
public record MessageUpdated(
    @JsonFormat(shape = JsonFormat.Shape.STRING) long messageId,
    long seq,
    String body,
    Instant editedAt,
    UUID editorId,
    String ciphertext) {

  public MessageUpdated(long messageId, long seq, String body, Instant editedAt, UUID editorId) {
    this(messageId, seq, body, editedAt, editorId, null);
  }
}
