package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;

public record AccountRegisteredEvent(
    UUID userId, String username, String displayName, Instant registeredAt) {}
