package io.parley.support.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's presence as the push service announces it on {@link #CHANNEL}: {@code {userId, status,
 * lastSeenAt, resync}}. {@code resync} marks a repeat of current state sent on request ({@link
 * #SYNC_CHANNEL}, payload: the earliest last-seen time the asker needs, or empty for all); it is
 * not a flip, so no {@code presence.updated} is pushed for it. Never in the event log
 * (docs/adr/0097).
 */
public record PresenceNotice(UUID userId, boolean online, Instant lastSeenAt, boolean resync) {
  public static final String CHANNEL = "parley_presence";
  public static final String SYNC_CHANNEL = "parley_presence_sync";
  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    return JSON.createObjectNode()
        .put("userId", userId.toString())
        .put("status", online ? "online" : "offline")
        .put("lastSeenAt", lastSeenAt.toString())
        .put("resync", resync)
        .toString();
  }

  public static PresenceNotice parse(String payload) {
    try {
      JsonNode node = JSON.readTree(payload);
      return new PresenceNotice(
          UUID.fromString(node.path("userId").asText()),
          "online".equals(node.path("status").asText()),
          Instant.parse(node.path("lastSeenAt").asText()),
          node.path("resync").asBoolean(false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
