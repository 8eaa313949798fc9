package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code userId} takes back their {@code emoji} reaction to a message. */
public record RemoveReactionCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID userId,
    long messageId,
    long seq,
    String emoji,
    Instant now) {}
