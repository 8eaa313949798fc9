package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;

/** {@code userId} deleted their key backup (or their account): no backup key any more. */
public record KeyBackupRemovedEvent(UUID userId, String fingerprint, Instant removedAt) {}
