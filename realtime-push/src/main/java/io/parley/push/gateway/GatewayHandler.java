package io.parley.push.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.auth.AccessTokens;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.auth.InvalidTokenException;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The gateway protocol: a socket must identify with an access token in its first frame within 10 s;
 * then it receives {@code ready} and events, and heartbeats keep it alive.
 */
class GatewayHandler extends TextWebSocketHandler {
  static final CloseStatus IDENTIFY_FAILED = new CloseStatus(4001, "identify failed");
  static final CloseStatus HEARTBEAT_TIMEOUT = new CloseStatus(4002, "heartbeat timeout");
  static final CloseStatus MALFORMED = new CloseStatus(4004, "frame too large or malformed");
  private static final String GATEWAY = "gateway";

  private final AccessTokens tokens;
  private final Sessions sessions;
  private final ObjectMapper json;
  private final ScheduledExecutorService timers;
  private final GatewaySettings settings;

  GatewayHandler(
      AccessTokens tokens,
      Sessions sessions,
      ObjectMapper json,
      ScheduledExecutorService timers,
      GatewaySettings settings) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.json = json;
    this.timers = timers;
    this.settings = settings;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession socket) {
    socket.setTextMessageSizeLimit(settings.maxFrameBytes());
    timers.schedule(
        () -> {
          if (socket.isOpen() && !socket.getAttributes().containsKey(GATEWAY)) {
            closeQuietly(socket, IDENTIFY_FAILED);
          }
        },
        settings.identifyTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  protected void handleTextMessage(WebSocketSession socket, TextMessage message)
      throws IOException {
    JsonNode frame;
    try {
      frame = json.readTree(message.getPayload());
    } catch (IOException e) {
      closeQuietly(socket, MALFORMED);
      return;
    }
    String op = frame.path("op").asText("");
    GatewaySession session = (GatewaySession) socket.getAttributes().get(GATEWAY);
    if (session == null) {
      if (!"identify".equals(op)) {
        closeQuietly(socket, IDENTIFY_FAILED);
        return;
      }
      identify(socket, frame);
      return;
    }
    switch (op) {
      case "heartbeat" -> session.send("{\"op\":\"heartbeat_ack\"}");
      default -> closeQuietly(socket, MALFORMED);
    }
  }

  private void identify(WebSocketSession socket, JsonNode frame) throws IOException {
    AuthenticatedUser user;
    try {
      user = tokens.verify(frame.path("token").asText(null));
    } catch (InvalidTokenException e) {
      closeQuietly(socket, IDENTIFY_FAILED);
      return;
    }
    WebSocketSession guarded =
        new ConcurrentWebSocketSessionDecorator(
            socket,
            (int) settings.sendTimeLimit().toMillis(),
            settings.sendBufferBytes(),
            ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    GatewaySession session =
        new GatewaySession(guarded, user.userId(), UUID.randomUUID().toString());
    socket.getAttributes().put(GATEWAY, session);
    sessions.add(session);
    session.send(
        json.writeValueAsString(
            Map.of(
                "op",
                "ready",
                "sessionId",
                session.sessionId(),
                "heartbeatIntervalMs",
                settings.heartbeatInterval().toMillis(),
                "user",
                Map.of("userId", user.userId()))));
  }

  @Override
  public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
    GatewaySession session = (GatewaySession) socket.getAttributes().get(GATEWAY);
    if (session != null) {
      sessions.remove(session);
    }
  }

  private static void closeQuietly(WebSocketSession socket, CloseStatus status) {
    try {
      socket.close(status);
    } catch (IOException ignored) {
      // already closed
    }
  }
}
