package io.parley.push.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The identified sockets of this process, by user, and the broadcast to them. */
@Component
public class Sessions {
  private final Map<UUID, Set<GatewaySession>> byUser = new ConcurrentHashMap<>();
  private final ObjectMapper json;

  Sessions(ObjectMapper json) {
    this.json = json;
  }

  void add(GatewaySession session) {
    byUser.computeIfAbsent(session.userId(), id -> ConcurrentHashMap.newKeySet()).add(session);
  }

  void remove(GatewaySession session) {
    byUser.computeIfPresent(
        session.userId(),
        (id, sessions) -> {
          sessions.remove(session);
          return sessions.isEmpty() ? null : sessions;
        });
  }

  /** Pushes one event to every socket of the given users; serialises it once. */
  public void broadcast(
      Collection<UUID> userIds, String type, UUID conversationId, Long seq, Object data) {
    String tail = null;
    for (UUID userId : userIds) {
      Set<GatewaySession> sockets = byUser.get(userId);
      if (sockets == null) {
        continue;
      }
      if (tail == null) {
        tail = serialiseTail(type, conversationId, seq, data);
      }
      for (GatewaySession socket : sockets) {
        socket.sendEvent(tail);
      }
    }
  }

  private String serialiseTail(String type, UUID conversationId, Long seq, Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    if (conversationId != null) {
      body.put("conversationId", conversationId);
    }
    if (seq != null) {
      body.put("seq", seq);
    }
    body.put("data", data);
    try {
      String object = json.writeValueAsString(body);
      return object.substring(1); // drop '{': the frame's head is written per socket
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a " + type + " event", e);
    }
  }
}
