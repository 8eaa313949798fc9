package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;

/**
 * A device key as the API shows it: {@code status} is {@code active}, {@code replaced} or {@code
 * revoked}; {@code endedAt} is null while active.
 */
public record DeviceKeyView(
    UUID userId,
    UUID sessionId,
    String deviceName,
    String fingerprint,
    String publicKey,
    String status,
    Instant createdAt,
    Instant endedAt) {}
