package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An owner or admin ({@code actorId}) creates an invite link to a group. The caller chose the
 * unguessable {@code code} (at least 128 random bits, base64url); {@code expiresAt} null means
 * never, {@code maxUses} null means unlimited. Everything is decided by the caller, so the command
 * is deterministic.
 */
public record CreateInviteCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID actorId,
    String code,
    Instant expiresAt,
    Integer maxUses,
    Instant now) {}
