package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An owner or admin ({@code actorId}) bans {@code userId} from a group: removed if a member, and
 * unable to join or be added until unbanned. Banning twice is banning once.
 */
public record BanMemberCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID actorId, UUID userId, Instant now) {}
