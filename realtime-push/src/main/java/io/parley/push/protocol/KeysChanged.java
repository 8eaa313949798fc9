package io.parley.push.protocol;

import java.util.UUID;

/**
 * {@code keys.changed}: the device keys or the backup key of {@code userId} changed; clients
 * refetch {@code GET /api/users/{userId}/device-keys} (and a conversation's keys before sending).
 */
public record KeysChanged(UUID userId) {}
