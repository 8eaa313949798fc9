package io.parley.support.auth;

import java.time.Instant;
import java.util.UUID;

/** Who a verified access token speaks for: the user, the device session and its expiry. */
public record AuthenticatedUser(UUID userId, UUID sessionId, Instant expiresAt) {}
