package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;

/**
 * The active device key {@code fingerprint} of session {@code sessionId} stopped being active:
 * {@code status} is REPLACED (the session published another key) or REVOKED (deleted, or its
 * session ended).
 */
public record DeviceKeyEndedEvent(
    UUID userId, UUID sessionId, String fingerprint, DeviceKeyStatus status, Instant endedAt) {}
