package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;

/**
 * The device session {@code sessionId} of {@code userId} published an OpenPGP public key (ASCII
 * armored) with {@code fingerprint} (lowercase hex). Only public material travels in the event. If
 * the session had another active key, a {@link DeviceKeyEndedEvent} with status REPLACED precedes
 * this one.
 */
public record DeviceKeyPublishedEvent(
    UUID userId,
    UUID sessionId,
    String deviceName,
    String fingerprint,
    String publicKey,
    Instant publishedAt) {}
