package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;

/**
 * Published by the gateway when a user comes online (first live socket) or goes offline (last one
 * gone, or its lease expired). Not an aggregate event: presence is observed, not decided.
 */
public record UserPresenceChangedEvent(UUID userId, boolean online, Instant lastSeenAt) {}
