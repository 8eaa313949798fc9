package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code userId} reacts to a message with {@code emoji}. */
public record AddReactionCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID userId,
    long messageId,
    long seq,
    String emoji,
    Instant now) {}
