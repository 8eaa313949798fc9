package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;

/**
 * A device session ended: its refresh token no longer works, and the gateway closes the sockets
 * that identified with it.
 */
public record DeviceSessionEndedEvent(
    UUID userId, UUID sessionId, SessionEndReason reason, Instant endedAt) {}
