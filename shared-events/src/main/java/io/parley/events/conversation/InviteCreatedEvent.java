package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code createdBy} made an invite link with {@code code}: valid until {@code expiresAt} (null:
 * never) for at most {@code maxUses} joins (null: unlimited), unless revoked first.
 */
public record InviteCreatedEvent(
    UUID conversationId,
    String code,
    UUID createdBy,
    Instant expiresAt,
    Integer maxUses,
    Instant createdAt) {}
