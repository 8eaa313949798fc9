package io.parley.push.gateway;

import java.util.UUID;

/**
 * One event for sockets: {@code {op:"event", eventId, type, conversationId?, seq?, data}}.
 * Ephemeral pushes (typing, presence) are dropped first when a socket falls behind.
 */
public record Push(String type, UUID conversationId, Long seq, Object data, boolean ephemeral) {
  public static Push of(String type, UUID conversationId, Long seq, Object data) {
    return new Push(type, conversationId, seq, data, false);
  }

  public static Push ephemeral(String type, UUID conversationId, Object data) {
    return new Push(type, conversationId, null, data, true);
  }
}
