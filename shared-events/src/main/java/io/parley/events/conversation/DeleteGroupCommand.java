package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The owner deletes a group; deleting twice is deleting once. */
public record DeleteGroupCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID actorId, Instant now) {}
