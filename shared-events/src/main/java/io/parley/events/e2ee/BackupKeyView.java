package io.parley.events.e2ee;

import java.time.Instant;
import java.util.UUID;

/** The public half of a user's backup key, as others see it (never its private half). */
public record BackupKeyView(UUID userId, String fingerprint, String publicKey, Instant createdAt) {}
