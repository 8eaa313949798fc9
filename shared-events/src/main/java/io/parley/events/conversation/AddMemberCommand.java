package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AddMemberCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID actorId, UUID userId, Instant now) {}
