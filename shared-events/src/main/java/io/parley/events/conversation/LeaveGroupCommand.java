package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code userId} leaves a group; leaving twice is leaving once. */
public record LeaveGroupCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID userId, Instant now) {}
