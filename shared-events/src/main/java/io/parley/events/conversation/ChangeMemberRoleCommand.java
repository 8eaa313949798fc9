package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The owner gives {@code userId} a role; giving {@link MemberRole#OWNER} transfers ownership. */
public record ChangeMemberRoleCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID actorId,
    UUID userId,
    MemberRole role,
    Instant now) {}
