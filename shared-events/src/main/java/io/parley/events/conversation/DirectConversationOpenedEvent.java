package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A direct conversation between two users came into being; a {@link MemberAddedEvent} for each of
 * them follows. Its id is derived from the pair, so opening it again finds the same one.
 */
public record DirectConversationOpenedEvent(
    UUID conversationId, UUID initiatorId, UUID otherUserId, Instant openedAt) {}
