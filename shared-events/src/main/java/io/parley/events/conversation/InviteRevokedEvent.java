package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/** {@code actorId} revoked the invite link {@code code}: it admits nobody any more. */
public record InviteRevokedEvent(
    UUID conversationId, String code, UUID actorId, Instant revokedAt) {}
