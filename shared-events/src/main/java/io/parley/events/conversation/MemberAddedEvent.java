package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/** {@code userId} became a member with {@code role}; {@code actorId} is who added them. */
public record MemberAddedEvent(
    UUID conversationId, UUID actorId, UUID userId, MemberRole role, Instant addedAt) {}
