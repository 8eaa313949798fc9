package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/** {@code userId} now has {@code role}. An ownership transfer is two of these. */
public record MemberRoleChangedEvent(
    UUID conversationId, UUID actorId, UUID userId, MemberRole role, Instant changedAt) {}
