package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens the direct conversation of a pair of users, or finds it when it exists. {@code
 * conversationId} is derived from the pair and {@code encrypted} by the caller, so both users reach
 * the same one; the encrypted conversation of a pair is another one than its plain conversation.
 */
public record OpenDirectConversationCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID initiatorId,
    UUID otherUserId,
    Instant now,
    boolean encrypted) {

  public OpenDirectConversationCommand(
      UUID conversationId, UUID initiatorId, UUID otherUserId, Instant now) {
    this(conversationId, initiatorId, otherUserId, now, false);
  }
}
