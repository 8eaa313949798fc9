package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code actorId} turns a message into a tombstone; the caller passes the message's facts. */
public record DeleteMessageCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID actorId,
    long messageId,
    long seq,
    UUID authorId,
    Instant now) {}
