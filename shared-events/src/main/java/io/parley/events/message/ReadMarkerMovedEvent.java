package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;

/** {@code userId} has read {@code conversationId} up to {@code seq}. Markers only move forward. */
public record ReadMarkerMovedEvent(UUID conversationId, UUID userId, long seq, Instant movedAt) {}
