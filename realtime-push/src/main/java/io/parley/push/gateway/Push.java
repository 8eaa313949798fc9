package io.parley.push.gateway;

import java.util.List;
import java.util.UUID;

/**
 * One event for sockets: {@code {op:"event", eventId, type, conversationId?, seq?, data}}.
 * Ephemeral pushes (typing, presence) are dropped first when a socket falls behind.
 */
public record Push(String type, UUID conversationId, Long seq, Object data, boolean ephemeral) {
  /**
   * The event types of the contract (docs/api.md), in its order. The browser client's wire types
   * are checked against the same list (frontend/src/api/event-types.json, {@code PushTypesTest}).
   */
  public static final List<String> TYPES =
      List.of(
          "message.created",
          "message.updated",
          "message.deleted",
          "reaction.updated",
          "conversation.created",
          "conversation.updated",
          "member.joined",
          "member.left",
          "member.role_changed",
          "read.updated",
          "delivered.updated",
          "typing.started",
          "presence.updated",
          "user.updated");

  public Push {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("not an event type of the contract: " + type);
    }
  }

  public static Push of(String type, UUID conversationId, Long seq, Object data) {
    return new Push(type, conversationId, seq, data, false);
  }

  public static Push ephemeral(String type, UUID conversationId, Object data) {
    return new Push(type, conversationId, null, data, true);
  }
}
