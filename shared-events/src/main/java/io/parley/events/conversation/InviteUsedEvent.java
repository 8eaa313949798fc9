package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code userId} joined with the invite link {@code code}: one of its uses is spent. The {@link
 * MemberAddedEvent} (actor: the user themself) follows it.
 */
public record InviteUsedEvent(UUID conversationId, String code, UUID userId, Instant usedAt) {}
