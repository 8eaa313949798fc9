package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;

/** The message becomes a tombstone: its body is gone from every read model. */
public record MessageDeletedEvent(
    UUID conversationId, long seq, long messageId, UUID actorId, Instant deletedAt) {}
