package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A member chooses how much of a conversation notifies them; setting the current level is a no-op.
 */
public record SetNotificationLevelCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID userId,
    NotificationLevel level,
    Instant now) {}
