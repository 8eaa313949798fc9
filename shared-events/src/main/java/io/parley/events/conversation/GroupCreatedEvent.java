package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/** A group came into being; its creator joins as owner in a following {@link MemberAddedEvent}. */
public record GroupCreatedEvent(
    UUID conversationId,
    UUID creatorId,
    String name,
    String topic,
    Visibility visibility,
    Instant createdAt) {}
