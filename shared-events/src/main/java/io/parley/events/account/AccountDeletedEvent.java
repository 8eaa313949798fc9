package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;

/**
 * An account was deleted by its user. Read models erase its display name and avatar, show it as a
 * deleted user and drop it from user search; its messages stay in history (docs/adr/0162).
 */
public record AccountDeletedEvent(UUID userId, Instant deletedAt) {}
