package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/** A group's settings after a change by {@code actorId}: every field holds its new value. */
public record GroupUpdatedEvent(
    UUID conversationId,
    UUID actorId,
    String name,
    String topic,
    Visibility visibility,
    Instant updatedAt) {}
