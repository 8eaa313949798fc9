package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code actorId} banned {@code userId}: they may not join or be added until unbanned. If they were
 * a member, a {@link MemberRemovedEvent} precedes this event.
 */
public record MemberBannedEvent(UUID conversationId, UUID actorId, UUID userId, Instant bannedAt) {}
