package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code userId} joins a public group; joining twice is joining once. */
public record JoinGroupCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID userId, Instant now) {}
