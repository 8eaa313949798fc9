package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;

/** A device logged in. No token travels in the event. */
public record DeviceSessionStartedEvent(
    UUID userId, UUID sessionId, String deviceName, Instant startedAt) {}
