package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code userId} joins a group (public or private) with an invite link's {@code code}. Joining as a
 * member already changes nothing and uses nothing.
 */
public record JoinByInviteCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID userId, String code, Instant now) {}
