package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Takes a deleted account out of a group. An owner's group passes to its longest-standing admin,
 * else its longest-standing member; a direct conversation keeps the account (its peer still sees
 * the history). A non-member is a no-op (docs/adr/0162).
 */
public record RemoveDeletedAccountCommand(
    @TargetAggregateIdentifier UUID conversationId, UUID userId, Instant now) {}
