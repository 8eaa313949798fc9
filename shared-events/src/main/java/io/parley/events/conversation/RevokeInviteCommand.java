package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An owner or admin revokes an invite link; revoking twice is revoking once. */
public record RevokeInviteCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID actorId, String code, Instant now) {}
