package io.parley.push.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.push.presence.PresenceTracker;
import io.parley.push.presence.PresenceView;
import io.parley.push.protocol.PushType;
import io.parley.push.receipts.DeliveryAcks;
import io.parley.push.routing.PushUsers;
import io.parley.push.typing.TypingRelay;
import io.parley.support.auth.AccessTokens;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.auth.EndedSessions;
import io.parley.support.auth.InvalidTokenException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The gateway protocol of the API contract. A socket identifies with an access token in its first
 * frame (optionally resuming an earlier session), then receives events and keeps itself alive with
 * heartbeats. Frames, ops and tokens are never logged.
 */
class GatewayHandler extends TextWebSocketHandler {
  static final String CONNECTION = "parley.connection";

  /** Set on a socket whose identify waits for a resume point or a catch-up from the log. */
  private static final String RESUMING = "parley.resuming";

  private final AccessTokens tokens;
  private final Sessions sessions;
  private final ObjectMapper json;
  private final ScheduledExecutorService timers;
  private final Executor closer;
  private final GatewaySettings settings;
  private final Clock clock;
  private final PresenceTracker presence;
  private final TypingRelay typing;
  private final DeliveryAcks acks;
  private final PushUsers users;
  private final EndedSessions endedSessions;
  private final SocketLimits limits;
  private final GatewayMetrics metrics;
  private final Handover handover;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong slowClosures = new AtomicLong();

  GatewayHandler(
      AccessTokens tokens,
      Sessions sessions,
      ObjectMapper json,
      ScheduledExecutorService timers,
      Executor closer,
      GatewaySettings settings,
      Clock clock,
      PresenceTracker presence,
      TypingRelay typing,
      DeliveryAcks acks,
      PushUsers users,
      EndedSessions endedSessions,
      SocketLimits limits,
      GatewayMetrics metrics,
      Handover handover) {
    this.metrics = metrics;
    this.handover = handover;
    this.tokens = tokens;
    this.sessions = sessions;
    this.json = json;
    this.timers = timers;
    this.closer = closer;
    this.settings = settings;
    this.clock = clock;
    this.presence = presence;
    this.typing = typing;
    this.acks = acks;
    this.users = users;
    this.endedSessions = endedSessions;
    this.limits = limits;
  }

  @Override
  public boolean supportsPartialMessages() {
    // Parts arrive as they come, so the 16 KiB limit is ours to enforce (close 4004), not the
    // container's (which would close with 1009).
    return true;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession socket) {
    Connection connection =
        new Connection(
            socket,
            settings,
            closer,
            timers,
            System.nanoTime(),
            limits.budget(),
            metrics,
            () -> {
              slowClosures.incrementAndGet();
              metrics.slowClose();
            });
    socket.getAttributes().put(CONNECTION, connection);
    open.add(connection);
    if (!Boolean.TRUE.equals(socket.getAttributes().get(OriginPolicy.ALLOWED))) {
      connection.close(Connection.ORIGIN_REFUSED);
      return;
    }
    if (!limits.handshakes().admit(socket)) {
      connection.close(Connection.TOO_MANY_HANDSHAKES);
      return;
    }
    if (handover.stopping()) {
      connection.close(CloseStatus.SERVICE_RESTARTED);
      return;
    }
    timers.schedule(
        () -> {
          if (connection.session() == null && !socket.getAttributes().containsKey(RESUMING)) {
            connection.close(Connection.IDENTIFY_FAILED);
          }
        },
        settings.identifyTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
    Connection connection = (Connection) socket.getAttributes().get(CONNECTION);
    if (connection == null || connection.isClosing()) {
      return;
    }
    String payload;
    try {
      payload = connection.assemble(message);
    } catch (Connection.FrameTooLargeException e) {
      connection.close(Connection.MALFORMED);
      return;
    }
    if (payload == null) {
      return;
    }
    long now = System.nanoTime();
    if (!connection.allowOp(now)) {
      connection.close(Connection.RATE_LIMITED);
      return;
    }
    JsonNode frame = parse(payload);
    if (frame == null || !frame.path("op").isTextual()) {
      connection.close(Connection.MALFORMED);
      return;
    }
    String op = frame.path("op").asText();
    GatewaySession session = connection.session();
    if (session == null) {
      boolean resuming = socket.getAttributes().containsKey(RESUMING);
      if ("identify".equals(op) && !resuming) {
        identify(connection, frame);
      } else if ("heartbeat".equals(op) && resuming) {
        // identify was sent and its resume is still being read from the log: the client is alive
        connection.heartbeat(now);
        connection.offer("{\"op\":\"heartbeat_ack\"}", false);
      } else {
        // an op before identify, or a second identify while the first one's resume runs
        connection.close(Connection.IDENTIFY_FAILED);
      }
      return;
    }
    switch (op) {
      case "heartbeat" -> {
        connection.heartbeat(now);
        connection.offer("{\"op\":\"heartbeat_ack\"}", false);
      }
      case "identify" -> reidentify(connection, session, frame);
      case "typing" -> onTyping(connection, session, frame);
      case "ack" -> onAck(connection, session, frame);
      case "presence_subscribe" -> onPresenceSubscribe(connection, session, frame);
      default -> connection.close(Connection.MALFORMED);
    }
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
    Connection connection = (Connection) socket.getAttributes().get(CONNECTION);
    if (connection != null) {
      connection.close(Connection.MALFORMED);
    }
  }

  private JsonNode parse(String payload) {
    try {
      JsonNode frame = json.readTree(payload);
      return frame != null && frame.isObject() ? frame : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private AuthenticatedUser verify(JsonNode frame) {
    JsonNode token = frame.path("token");
    if (!token.isTextual()) {
      return null;
    }
    try {
      return tokens.verify(token.asText());
    } catch (InvalidTokenException e) {
      return null;
    }
  }

  private void identify(Connection connection, JsonNode frame) {
    AuthenticatedUser user = verify(frame);
    if (user == null) {
      connection.close(Connection.IDENTIFY_FAILED);
      return;
    }
    JsonNode resume = frame.path("resume");
    if (!resume.isMissingNode() && !resume.isNull()) {
      if (!resume.path("sessionId").isTextual() || !resume.path("lastEventId").canConvertToLong()) {
        connection.close(Connection.MALFORMED);
        return;
      }
      String sessionId = resume.path("sessionId").asText();
      long lastSeen = resume.path("lastEventId").asLong();
      GatewaySession earlier = sessions.find(sessionId);
      Handover.Point point = handover.find(sessionId);
      boolean elsewhere = point != null && !handover.ownedHere(point);
      connection.socket().getAttributes().put(RESUMING, Boolean.TRUE);
      if (elsewhere && lastSeen <= point.lastEventId()) {
        resumeElsewhere(connection, user, point, lastSeen, earlier);
        return;
      }
      if (elsewhere || earlier == null) {
        // Another process holds the session but has not written where it stands yet (its socket
        // dropped a moment ago): wait a little for it.
        handover.awaitPoint(
            sessionId,
            lastSeen,
            found -> resumeElsewhere(connection, user, found, lastSeen, earlier),
            () -> invalidSession(connection));
        return;
      }
      connection.socket().getAttributes().remove(RESUMING);
      // Presence first: whoever sees this socket's first frame also sees the user online.
      online(connection, user);
      if (earlier != null
          && earlier.userId().equals(user.userId())
          && earlier.resume(connection, resume.path("lastEventId").asLong())) {
        connection.identified(earlier, user);
        HandshakeLimiter.settle(connection.socket());
        limits.quota().touch(earlier);
        metrics.resumed(true);
      } else {
        metrics.resumed(false);
        if (connection.pausePresence(user.userId())) {
          presence.disconnected(user.userId());
        }
        // The socket stays open: the client may identify afresh after its REST resync.
        connection.offer("{\"op\":\"invalid_session\"}", false);
      }
      return;
    }
    GatewaySession session =
        new GatewaySession(user.userId(), UUID.randomUUID().toString(), replayBuffer());
    connection.identified(session, user);
    HandshakeLimiter.settle(connection.socket());
    online(connection, user);
    session.open(connection, ready(session), () -> sessions.add(session));
    limits.quota().admit(session);
  }

  /** Resumes a session another process handed over (docs/adr/0175). */
  private void resumeElsewhere(
      Connection connection,
      AuthenticatedUser user,
      Handover.Point point,
      long lastSeen,
      GatewaySession stale) {
    handover.resumeElsewhere(
        point,
        user,
        lastSeen,
        replayBuffer(),
        () -> {
          if (stale != null) {
            limits.quota().end(stale, Connection.REPLACED);
          }
        },
        (session, catchUp) -> {
          connection.identified(session, user);
          HandshakeLimiter.settle(connection.socket());
          online(connection, user);
          // A socket that resumed the session here meanwhile (this one closed, or its client gave
          // up on it) gets the catch-up instead, and this one is replaced.
          Connection attached = session.finishHandover(connection, lastSeen, catchUp);
          limits.quota().admit(session);
          metrics.resumed(true);
          if (attached != connection || connection.isClosing()) {
            session.detach(connection, System.nanoTime());
            offline(connection);
            handover.detached(session);
          }
        },
        () -> invalidSession(connection));
  }

  /** The socket stays open: the client may identify afresh after its REST resync. */
  private void invalidSession(Connection connection) {
    connection.socket().getAttributes().remove(RESUMING);
    metrics.resumed(false);
    connection.offer("{\"op\":\"invalid_session\"}", false);
  }

  private ReplayBuffer replayBuffer() {
    return new ReplayBuffer(
        settings.replayEvents(), settings.replayChars(), limits.budget(), metrics::evicted);
  }

  private String ready(GatewaySession session) {
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("op", "ready");
    ready.put("sessionId", session.sessionId());
    ready.put("heartbeatIntervalMs", settings.heartbeatInterval().toMillis());
    ready.put("user", users.view(session.userId()));
    try {
      return json.writeValueAsString(ready);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise ready", e);
    }
  }

  /** A fresh token for the same user extends the socket's life; anything else ends it. */
  private void reidentify(Connection connection, GatewaySession session, JsonNode frame) {
    AuthenticatedUser user = verify(frame);
    if (user == null || !user.userId().equals(session.userId())) {
      connection.close(Connection.IDENTIFY_FAILED);
      return;
    }
    connection.reidentified(user);
  }

  private void onTyping(Connection connection, GatewaySession session, JsonNode frame) {
    UUID conversationId = uuid(frame.path("conversationId"));
    if (conversationId == null) {
      connection.close(Connection.MALFORMED);
      return;
    }
    typing.typing(session.userId(), conversationId);
  }

  private void onAck(Connection connection, GatewaySession session, JsonNode frame) {
    UUID conversationId = uuid(frame.path("conversationId"));
    JsonNode seq = frame.path("seq");
    if (conversationId == null || !seq.canConvertToLong() || !seq.isIntegralNumber()) {
      connection.close(Connection.MALFORMED);
      return;
    }
    acks.ack(session.userId(), conversationId, seq.asLong());
  }

  private void onPresenceSubscribe(Connection connection, GatewaySession session, JsonNode frame) {
    JsonNode ids = frame.path("userIds");
    if (!ids.isArray() || ids.size() > settings.maxPresenceSubscriptions()) {
      connection.close(Connection.MALFORMED);
      return;
    }
    Set<UUID> userIds = new LinkedHashSet<>();
    for (JsonNode id : ids) {
      UUID userId = uuid(id);
      if (userId == null) {
        connection.close(Connection.MALFORMED);
        return;
      }
      userIds.add(userId);
    }
    sessions.watchPresence(session, Set.copyOf(userIds));
    for (PresenceView state : presence.current(userIds)) {
      sessions.deliver(session, Push.of(PushType.PRESENCE_UPDATED, null, state));
    }
  }

  private static UUID uuid(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return UUID.fromString(node.asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
    Connection connection = (Connection) socket.getAttributes().get(CONNECTION);
    if (connection == null) {
      return;
    }
    open.remove(connection);
    connection.closed();
    HandshakeLimiter.settle(socket);
    offline(connection);
    GatewaySession session = connection.session();
    if (session != null) {
      session.detach(connection, System.nanoTime());
      handover.detached(session);
    }
  }

  /** The socket counts towards its user's presence (once, however the paths race). */
  private void online(Connection connection, AuthenticatedUser user) {
    if (connection.startCountingPresence(user.userId())) {
      presence.connected(user.userId());
    }
  }

  /** The socket no longer counts towards its user's presence (once; never if it did not). */
  private void offline(Connection connection) {
    UUID userId = connection.stopCountingPresence();
    if (userId != null) {
      presence.disconnected(userId);
    }
  }

  @Override
  public void handleTransportError(WebSocketSession socket, Throwable exception) {
    // The container closes the socket after this; afterConnectionClosed does the bookkeeping.
  }

  /**
   * Closes sockets that stopped heartbeating, whose token expired or whose device session ended;
   * forgets abandoned sessions.
   */
  void sweep() {
    long now = System.nanoTime();
    var instant = clock.instant();
    for (Connection connection : open) {
      if (connection.session() == null || connection.isClosing()) {
        continue;
      }
      if (connection.heartbeatOverdue(now)) {
        connection.close(Connection.HEARTBEAT_TIMEOUT);
      } else if (connection.tokenExpiredAt(instant)
          || endedSessions.hasEnded(connection.deviceSessionId())) {
        // A logout (or a password change elsewhere) ends the device session: its sockets close
        // like an expired token, and identifying again with that session's tokens is refused.
        connection.close(Connection.TOKEN_EXPIRED);
      }
    }
    long cutoff = now - settings.resumeWindow().toNanos();
    for (GatewaySession session : sessions.all()) {
      if (session.abandonedBefore(cutoff)) {
        // Frees its replay buffer from the budget; a socket that resumed it meanwhile reconnects.
        limits.quota().end(session, CloseStatus.SERVICE_RESTARTED);
      }
    }
  }

  /** Sockets open on this process, identified or not. */
  int openSockets() {
    return open.size();
  }

  /** Sockets this process closed for falling behind. */
  long slowClosures() {
    return slowClosures.get();
  }

  /** Characters queued for all open sockets of this process (bounded by sockets x buffer). */
  long queuedChars() {
    return open.stream().mapToLong(Connection::queuedChars).sum();
  }
}
