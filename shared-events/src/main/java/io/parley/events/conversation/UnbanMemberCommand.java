package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An owner or admin ({@code actorId}) lifts the ban on {@code userId}; it does not re-add them. */
public record UnbanMemberCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID actorId, UUID userId, Instant now) {}
