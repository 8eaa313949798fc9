package io.parley.push.gateway;

import io.parley.support.auth.AuthenticatedUser;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * One open socket: its outgoing queue, the frame being assembled, the client's op budget, its
 * heartbeat clock and token expiry, and the gateway session it identified into (if any).
 */
final class Connection {
  static final CloseStatus IDENTIFY_FAILED = new CloseStatus(4001, "identify failed");
  static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4001, "token expired");
  static final CloseStatus HEARTBEAT_TIMEOUT = new CloseStatus(4002, "heartbeat timeout");
  static final CloseStatus RATE_LIMITED = new CloseStatus(4003, "rate limited");
  static final CloseStatus MALFORMED = new CloseStatus(4004, "frame too large or malformed");
  static final CloseStatus ORIGIN_REFUSED = new CloseStatus(4008, "origin not allowed");
  static final CloseStatus TOO_MANY_SOCKETS =
      new CloseStatus(4009, "replaced by a newer socket of this account");
  static final CloseStatus TOO_MANY_HANDSHAKES =
      new CloseStatus(4029, "too many unidentified sockets from this address");
  static final CloseStatus OVER_BUDGET =
      new CloseStatus(1013, "server over its buffer budget; reconnect and resync");
  static final CloseStatus SLOW_CONSUMER = new CloseStatus(1012, "too slow; reconnect and resume");
  static final CloseStatus REPLACED = new CloseStatus(1000, "resumed on another socket");
  private static final String BLOCKING_SEND_TIMEOUT =
      "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

  private final WebSocketSession socket;
  private final Outbox outbox;
  private final Executor closer;
  private final GatewaySettings settings;
  private final AtomicBoolean closing = new AtomicBoolean();
  // the user this socket counts towards in presence; OFFLINE once it stopped counting for good
  private final AtomicReference<UUID> presenceOf = new AtomicReference<>();
  private static final UUID OFFLINE = new UUID(0, 0);
  private final ArrayDeque<Long> recentOps = new ArrayDeque<>();
  private final StringBuilder partial = new StringBuilder();
  private int partialBytes;
  private volatile GatewaySession session;
  private volatile Instant tokenExpiresAt;
  private volatile UUID deviceSessionId;
  private volatile long lastHeartbeatNanos;

  Connection(
      WebSocketSession socket,
      GatewaySettings settings,
      Executor closer,
      ScheduledExecutorService timers,
      long nowNanos,
      BufferBudget budget,
      GatewayMetrics metrics,
      Runnable onSlow) {
    this.socket = socket;
    this.settings = settings;
    this.closer = closer;
    this.lastHeartbeatNanos = nowNanos;
    Session container = ((NativeWebSocketSession) socket).getNativeSession(Session.class);
    // Only closing ever blocks (the close frame waits for a write in flight); bound that wait.
    container
        .getUserProperties()
        .put(BLOCKING_SEND_TIMEOUT, settings.blockedSendTimeout().toMillis());
    this.outbox =
        new Outbox(
            container.getAsyncRemote(),
            settings.sendBufferChars(),
            budget,
            metrics,
            slow -> {
              if (!slow) {
                close(CloseStatus.SESSION_NOT_RELIABLE);
                return;
              }
              onSlow.run();
              // The close frame can go once the frame in flight is written; a socket that never
              // reads again is closed anyway after the blocked-send timeout.
              timers.schedule(
                  () -> close(SLOW_CONSUMER),
                  settings.blockedSendTimeout().toMillis(),
                  TimeUnit.MILLISECONDS);
              outbox().whenIdle(() -> close(SLOW_CONSUMER));
            });
  }

  private Outbox outbox() {
    return outbox;
  }

  /**
   * Whether this socket now starts counting towards {@code userId}'s presence: true once, never
   * after {@link #stopCountingPresence}. Lets the paths that open and close a socket race (a resume
   * finishing as its socket closes) without counting it twice or never uncounting it.
   */
  boolean startCountingPresence(UUID userId) {
    return presenceOf.compareAndSet(null, userId);
  }

  /** It no longer counts, but may again (a resume answered invalid_session); whether it did. */
  boolean pausePresence(UUID userId) {
    return presenceOf.compareAndSet(userId, null);
  }

  /** The user this socket stopped counting towards, once; null when it did not count. */
  UUID stopCountingPresence() {
    UUID was = presenceOf.getAndSet(OFFLINE);
    return was == null || was == OFFLINE ? null : was;
  }

  GatewaySession session() {
    return session;
  }

  WebSocketSession socket() {
    return socket;
  }

  void identified(GatewaySession session, AuthenticatedUser user) {
    this.session = session;
    reidentified(user);
  }

  void reidentified(AuthenticatedUser user) {
    this.tokenExpiresAt = user.expiresAt();
    this.deviceSessionId = user.sessionId();
  }

  /** The device session (login) whose token this socket identified with. */
  UUID deviceSessionId() {
    return deviceSessionId;
  }

  boolean tokenExpiredAt(Instant now) {
    Instant expiry = tokenExpiresAt;
    return expiry != null && !now.isBefore(expiry);
  }

  void heartbeat(long nowNanos) {
    lastHeartbeatNanos = nowNanos;
  }

  boolean heartbeatOverdue(long nowNanos) {
    return nowNanos - lastHeartbeatNanos > settings.heartbeatInterval().toNanos() * 2;
  }

  /** Counts a client frame; false when it exceeds {@code maxOps} within {@code opsWindow}. */
  synchronized boolean allowOp(long nowNanos) {
    long windowStart = nowNanos - settings.opsWindow().toNanos();
    while (!recentOps.isEmpty() && recentOps.peekFirst() - windowStart <= 0) {
      recentOps.pollFirst();
    }
    if (recentOps.size() >= settings.maxOps()) {
      return false;
    }
    recentOps.addLast(nowNanos);
    return true;
  }

  /**
   * Adds a (possibly partial) text frame; returns the whole payload once complete, null while parts
   * are missing, and throws when the frame grows beyond the limit.
   */
  synchronized String assemble(TextMessage part) throws FrameTooLargeException {
    partialBytes += part.getPayloadLength();
    if (partialBytes > settings.maxFrameBytes()) {
      throw new FrameTooLargeException();
    }
    if (part.isLast() && partial.isEmpty()) {
      partialBytes = 0;
      return part.getPayload();
    }
    partial.append(part.getPayload());
    if (!part.isLast()) {
      return null;
    }
    String whole = partial.toString();
    partial.setLength(0);
    partialBytes = 0;
    return whole;
  }

  /** Queues a frame that is no event (ready, resumed, pong…). */
  void offer(String frame, boolean droppable) {
    offer(frame, droppable, GatewayMetrics.CONTROL);
  }

  /** Queues a frame; {@code sentAtMillis}: see {@link GatewayMetrics#written}. */
  void offer(String frame, boolean droppable, long sentAtMillis) {
    if (!closing.get()) {
      outbox.offer(frame, droppable, sentAtMillis);
    }
  }

  /**
   * Queues event {@code eventId}, its frame built from the shared {@code tail} when written; {@code
   * sentAtMillis}: see {@link GatewayMetrics#written}.
   */
  void offer(long eventId, SharedTail tail, boolean droppable, long sentAtMillis) {
    offer(eventId, tail, droppable, sentAtMillis, null);
  }

  /**
   * As above; a non-null {@code pending} leaves the write to a writer thread ({@link
   * SocketWriters}).
   */
  void offer(
      long eventId,
      SharedTail tail,
      boolean droppable,
      long sentAtMillis,
      SocketWriters.Pending pending) {
    if (!closing.get()) {
      outbox.offer(eventId, tail, droppable, sentAtMillis, pending);
    }
  }

  long queuedChars() {
    return outbox.queuedChars();
  }

  boolean isClosing() {
    return closing.get();
  }

  /** The container closed the socket: queue nothing more. */
  void closed() {
    closing.set(true);
    outbox.discard();
  }

  void replaced() {
    close(REPLACED);
  }

  /** Closes off the caller's thread: writing the close frame may wait for a slow socket. */
  void close(CloseStatus status) {
    if (closing.compareAndSet(false, true)) {
      outbox.discard();
      closer.execute(
          () -> {
            try {
              socket.close(status);
            } catch (IOException | RuntimeException ignored) {
              // the socket is gone already; the container reports the closure either way
            }
          });
    }
  }

  static final class FrameTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    FrameTooLargeException() {
      super(null, null, false, false);
    }
  }
}
