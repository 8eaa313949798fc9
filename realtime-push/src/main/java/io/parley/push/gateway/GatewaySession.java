package io.parley.push.gateway;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.socket.CloseStatus;

/**
 * One logical gateway session of a user's device: its strictly increasing event ids, its replay
 * buffer, and the socket currently attached to it (none while the device is away; events keep
 * filling the replay buffer until the session is resumed or abandoned).
 */
public final class GatewaySession {
  private final UUID userId;
  private final String sessionId;
  private final ReplayBuffer replay;
  private long lastEventId;
  private Connection connection;
  private long detachedAtNanos;
  private boolean shed;
  private boolean frozen;
  private List<Held> held;
  // A socket that resumed this session here while it was still catching up (its first socket
  // closed, or the client gave up on it): it gets the catch-up instead (finishHandover).
  private Connection waiting;
  private long waitingSeen;

  /** A push that reached a session while it was catching up from the log. */
  private record Held(SharedTail tail, boolean droppable, long sentAtMillis) {}

  /** What a handover stores of a session: its last event id and its last frames. */
  record Snapshot(long lastEventId, List<ReplayBuffer.Entry> frames) {}

  private volatile Set<UUID> presenceSubscriptions = Set.of();

  GatewaySession(UUID userId, String sessionId, ReplayBuffer replay) {
    this.userId = userId;
    this.sessionId = sessionId;
    this.replay = replay;
  }

  /**
   * A session resumed from another process's handover: it continues that session's numbering after
   * {@code lastEventId}, keeps the handed-over frames for a later resume here, and holds every live
   * push until {@link #finishHandover} has sent the catch-up from the log.
   */
  GatewaySession(
      UUID userId,
      String sessionId,
      ReplayBuffer replay,
      long lastEventId,
      long resumableFrom,
      List<ReplayBuffer.Entry> frames) {
    this(userId, sessionId, replay);
    this.lastEventId = lastEventId;
    this.held = new java.util.ArrayList<>();
    this.detachedAtNanos = System.nanoTime();
    replay.startAfter(resumableFrom);
    for (ReplayBuffer.Entry frame : frames) {
      replay.add(frame.eventId(), frame.tail());
    }
  }

  public UUID userId() {
    return userId;
  }

  String sessionId() {
    return sessionId;
  }

  synchronized long lastEventId() {
    return lastEventId;
  }

  Set<UUID> presenceSubscriptions() {
    return presenceSubscriptions;
  }

  void presenceSubscriptions(Set<UUID> userIds) {
    this.presenceSubscriptions = userIds;
  }

  /** As {@link #deliver(SharedTail, boolean, long)}, for an event only this session receives. */
  synchronized void deliver(String tail, boolean droppable) {
    deliver(new SharedTail(tail), droppable, GatewayMetrics.UNTIMED);
  }

  /**
   * Numbers an event for this session, keeps it for resume and hands it to the socket if one is
   * attached. {@code tail} is the event's JSON after the id, serialised once for all recipients:
   * the replay buffer and the socket's queue keep a reference to it, and the session's frame is
   * built from it when written (docs/adr/0196). {@code sentAtMillis}: when a message was sent.
   */
  synchronized void deliver(SharedTail tail, boolean droppable, long sentAtMillis) {
    deliver(tail, droppable, sentAtMillis, null);
  }

  /**
   * As above; with a non-null {@code pending} the socket write is left to a {@link SocketWriters}
   * thread (the event is numbered, kept and queued here all the same).
   */
  synchronized void deliver(
      SharedTail tail, boolean droppable, long sentAtMillis, SocketWriters.Pending pending) {
    if (shed || frozen || (droppable && replay.sheddingEphemeral())) {
      return;
    }
    if (held != null) {
      held.add(new Held(tail, droppable, sentAtMillis));
      return;
    }
    long eventId = ++lastEventId;
    if (!replay.add(eventId, tail)) {
      // The process is out of buffer memory: this session gives up rather than lose an event.
      shed(Connection.OVER_BUDGET);
      return;
    }
    if (connection != null) {
      connection.offer(eventId, tail, droppable, sentAtMillis, pending);
    }
  }

  /**
   * Attaches the first socket and makes the session reachable (by {@code register}) under this
   * session's lock, so {@code ready} is queued before any event and no event published after the
   * client saw {@code ready} can miss the session.
   */
  synchronized void open(Connection fresh, String ready, Runnable register) {
    this.connection = fresh;
    register.run();
    fresh.offer(ready, false);
  }

  /**
   * Attaches a new socket and queues exactly the events after {@code lastEventId} followed by
   * {@code resumed}; false (nothing attached) when the buffer no longer holds all of them.
   */
  synchronized boolean resume(Connection fresh, long lastEventIdSeen) {
    List<ReplayBuffer.Entry> missed = shed ? null : replay.after(lastEventIdSeen, lastEventId);
    if (missed == null) {
      return false;
    }
    if (held != null) {
      // A resume from another process still reading the log: this socket takes the session over
      // when it is done, with the same catch-up and then `resumed` (finishHandover).
      if (waiting != null && waiting != fresh) {
        waiting.replaced();
      }
      waiting = fresh;
      waitingSeen = lastEventIdSeen;
      return true;
    }
    Connection previous = connection;
    connection = fresh;
    if (previous != null && previous != fresh) {
      previous.replaced();
    }
    missed.forEach(
        entry -> fresh.offer(entry.eventId(), entry.tail(), false, GatewayMetrics.UNTIMED));
    fresh.offer("{\"op\":\"resumed\"}", false);
    return true;
  }

  /**
   * Attaches the socket of a resume from another process and queues the handed-over frames after
   * {@code lastEventIdSeen}, the catch-up {@code tails} from the log as new events, {@code
   * resumed}, then the live pushes held meanwhile; from then on pushes flow as usual. A socket that
   * resumed the session meanwhile ({@link #resume}) and is still open is attached instead, from the
   * event id it saw, and {@code fresh} is replaced. Returns the socket attached.
   */
  synchronized Connection finishHandover(
      Connection fresh, long lastEventIdSeen, List<String> tails) {
    if (waiting != null && !waiting.isClosing()) {
      if (waiting != fresh) {
        fresh.replaced();
      }
      fresh = waiting;
      lastEventIdSeen = waitingSeen;
    }
    waiting = null;
    connection = fresh;
    List<ReplayBuffer.Entry> missed = replay.after(lastEventIdSeen, lastEventId);
    for (ReplayBuffer.Entry entry : missed == null ? List.<ReplayBuffer.Entry>of() : missed) {
      fresh.offer(entry.eventId(), entry.tail(), false, GatewayMetrics.UNTIMED);
    }
    List<Held> live = held;
    held = null;
    for (String tail : tails) {
      deliver(new SharedTail(tail), false, GatewayMetrics.UNTIMED);
    }
    if (connection != null) {
      connection.offer("{\"op\":\"resumed\"}", false);
    }
    for (Held push : live) {
      deliver(push.tail(), push.droppable(), push.sentAtMillis());
    }
    return fresh;
  }

  /**
   * The session's last event id and last frames; {@code freeze}: nothing more is pushed to it (a
   * process handing its sessions over before it stops).
   */
  synchronized Snapshot snapshot(int maxFrames, int maxChars, boolean freeze) {
    frozen |= freeze;
    return new Snapshot(lastEventId, replay.tail(maxFrames, maxChars));
  }

  /** Whether it is a resume from elsewhere still catching up from the log (no client yet). */
  synchronized boolean catchingUp() {
    return held != null;
  }

  synchronized boolean ended() {
    return shed;
  }

  /** Characters queued for the attached socket. */
  synchronized long socketQueued() {
    return connection == null ? 0 : connection.queuedChars();
  }

  /** Closes the attached socket (if any) with {@code status}, keeping the session. */
  synchronized void closeSocket(CloseStatus status) {
    closeWaiting(status);
    if (connection != null) {
      connection.close(status);
      connection = null;
      detachedAtNanos = System.nanoTime();
    }
  }

  private void closeWaiting(CloseStatus status) {
    if (waiting != null) {
      waiting.close(status);
      waiting = null;
    }
  }

  /** Detaches {@code gone} if it is still the attached socket. */
  synchronized void detach(Connection gone, long nowNanos) {
    if (connection == gone) {
      connection = null;
      detachedAtNanos = nowNanos;
    }
  }

  synchronized boolean abandonedBefore(long cutoffNanos) {
    return shed || (connection == null && detachedAtNanos - cutoffNanos < 0);
  }

  synchronized boolean attached() {
    return connection != null;
  }

  /** Characters this session holds: its replay buffer and its socket's queue. */
  synchronized long footprint() {
    return replay.chars() + (connection == null ? 0 : connection.queuedChars());
  }

  /**
   * Ends the session for good: its socket (if any) is closed with {@code status}, its replay buffer
   * is freed, a later resume gets {@code invalid_session} and nothing more is delivered.
   */
  synchronized void shed(CloseStatus status) {
    shed = true;
    replay.clear(lastEventId);
    closeWaiting(status);
    if (connection != null) {
      connection.close(status);
      connection = null;
    }
  }
}
