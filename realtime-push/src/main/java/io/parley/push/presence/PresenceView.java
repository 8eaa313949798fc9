package io.parley.push.presence;

import java.time.Instant;
import java.util.UUID;

/** The {@code presence.updated} payload: {@code {userId, status, lastSeenAt}}. */
public record PresenceView(UUID userId, String status, Instant lastSeenAt) {
  public static PresenceView of(UUID userId, boolean online, Instant lastSeenAt) {
    return new PresenceView(userId, online ? "online" : "offline", lastSeenAt);
  }
}
