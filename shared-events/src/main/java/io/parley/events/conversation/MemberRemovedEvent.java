package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code userId} is no longer a member. {@code actorId == userId} means they left; otherwise an
 * owner or admin removed them.
 */
public record MemberRemovedEvent(
    UUID conversationId, UUID actorId, UUID userId, Instant removedAt) {}
