package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An owner or admin ({@code actorId}) removes {@code userId} from a group. */
public record RemoveMemberCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID actorId, UUID userId, Instant now) {}
