package io.parley.bench.raw;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** Names sockets by their identify frame's token and writes frames to them; nothing else. */
final class RawRelayHandler extends TextWebSocketHandler {
  private static final String READY = "{\"op\":\"ready\",\"heartbeatIntervalMs\":30000}";
  private static final String HEARTBEAT_ACK = "{\"op\":\"heartbeat_ack\"}";
  private final Map<String, WebSocketSession> byName = new ConcurrentHashMap<>();
  private final Map<String, WebSocketSession> decorated = new ConcurrentHashMap<>();

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    decorated.put(session.getId(), new ConcurrentWebSocketSessionDecorator(session, 5000, 1 << 20));
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message)
      throws IOException {
    String text = message.getPayload();
    WebSocketSession out = decorated.get(session.getId());
    // String matching, not JSON parsing: the ceiling should cost as little as possible.
    if (text.contains("\"identify\"")) {
      int start = text.indexOf("\"token\":\"") + 9;
      byName.put(text.substring(start, text.indexOf('"', start)), out);
      out.sendMessage(new TextMessage(READY));
    } else if (text.contains("\"heartbeat\"")) {
      out.sendMessage(new TextMessage(HEARTBEAT_ACK));
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    WebSocketSession out = decorated.remove(session.getId());
    byName.values().remove(out);
  }

  /**
   * Writes {@code frame} to each named socket (all when {@code names} is null); returns how many.
   */
  int send(List<String> names, String frame) {
    TextMessage message = new TextMessage(frame);
    Collection<WebSocketSession> targets =
        names == null ? byName.values() : names.stream().map(byName::get).toList();
    int sent = 0;
    for (WebSocketSession target : targets) {
      if (target == null) {
        continue;
      }
      try {
        target.sendMessage(message);
        sent++;
      } catch (IOException | RuntimeException e) {
        // a closed socket: the client's lost count shows it
      }
    }
    return sent;
  }

  int connected() {
    return byName.size();
  }
}
