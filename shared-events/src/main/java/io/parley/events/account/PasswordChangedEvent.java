package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;

/** The password changed. Carries no secret: only that it happened and which session did it. */
public record PasswordChangedEvent(UUID userId, UUID bySessionId, Instant changedAt) {}
