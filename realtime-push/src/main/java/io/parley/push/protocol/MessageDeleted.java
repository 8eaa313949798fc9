package io.parley.push.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.util.UUID;

/** {@code message.deleted}: a tombstone; {@code deleted} is always true. */
public record MessageDeleted(
    @JsonFormat(shape = JsonFormat.Shape.STRING) long messageId,
    long seq,
    boolean deleted,
    Instant deletedAt,
    UUID actorId) {
  public MessageDeleted(long messageId, long seq, Instant deletedAt, UUID actorId) {
    this(messageId, seq, true, deletedAt, actorId);
  }
}
