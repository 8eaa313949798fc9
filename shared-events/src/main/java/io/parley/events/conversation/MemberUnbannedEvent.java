package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/** {@code actorId} lifted the ban on {@code userId}; they are not a member until they join. */
public record MemberUnbannedEvent(
    UUID conversationId, UUID actorId, UUID userId, Instant unbannedAt) {}
