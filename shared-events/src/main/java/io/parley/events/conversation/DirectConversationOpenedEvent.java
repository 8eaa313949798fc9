package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A direct conversation between two users came into being; a {@link MemberAddedEvent} for each of
 * them follows. Its id is derived from the pair (and whether it is end-to-end {@code encrypted}),
 * so opening it again finds the same one. Events stored before encryption existed read as false.
 */
public record DirectConversationOpenedEvent(
    UUID conversationId, UUID initiatorId, UUID otherUserId, Instant openedAt, boolean encrypted) {

  public DirectConversationOpenedEvent(
      UUID conversationId, UUID initiatorId, UUID otherUserId, Instant openedAt) {
    this(conversationId, initiatorId, otherUserId, openedAt, false);
  }
}
