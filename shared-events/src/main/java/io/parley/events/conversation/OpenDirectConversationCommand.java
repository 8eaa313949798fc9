package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens the direct conversation of a pair of users, or finds it when it exists. {@code
 * conversationId} is derived from the pair by the caller, so both users reach the same one.
 */
public record OpenDirectConversationCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID initiatorId,
    UUID otherUserId,
    Instant now) {}
