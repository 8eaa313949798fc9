package io.parley.events.account;

import java.time.Instant;
import java.util.UUID;

/** A user as the public API shows it. */
public record UserView(
    UUID userId, String username, String displayName, Instant createdAt, UUID avatarId) {

  public UserView(UUID userId, String username, String displayName, Instant createdAt) {
    this(userId, username, displayName, createdAt, null);
  }
}
