package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;

public record DisplayNameChangedEvent(UUID userId, String displayName, Instant changedAt) {}
