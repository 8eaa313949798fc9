package io.parley.push.gateway;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/** One identified socket: its user, its session id and its own strictly increasing event ids. */
final class GatewaySession {
  private final WebSocketSession socket;
  private final UUID userId;
  private final String sessionId;
  private final AtomicLong lastEventId = new AtomicLong();

  GatewaySession(WebSocketSession socket, UUID userId, String sessionId) {
    this.socket = socket;
    this.userId = userId;
    this.sessionId = sessionId;
  }

  UUID userId() {
    return userId;
  }

  String sessionId() {
    return sessionId;
  }

  /** Sends an event whose body after {@code "eventId":N,} was serialised once for all sockets. */
  synchronized void sendEvent(String serialisedTail) {
    long eventId = lastEventId.incrementAndGet();
    send("{\"op\":\"event\",\"eventId\":" + eventId + "," + serialisedTail);
  }

  void send(String frame) {
    try {
      socket.sendMessage(new TextMessage(frame));
    } catch (IOException | IllegalStateException e) {
      close(CloseStatus.SESSION_NOT_RELIABLE);
    }
  }

  void close(CloseStatus status) {
    try {
      socket.close(status);
    } catch (IOException ignored) {
      // already gone
    }
  }
}
