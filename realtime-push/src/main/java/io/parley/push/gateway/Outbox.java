package io.parley.push.gateway;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.apache.tomcat.websocket.PreEncodedTextFrames;

/**
 * The frames waiting for one socket. Callers only enqueue; frames are written one at a time with
 * the container's asynchronous send, so no caller ever waits on a slow socket. The queue is bounded
 * in characters: when it would overflow, droppable frames (typing, presence) go first, and if that
 * is not enough the socket is declared slow and the queue is discarded. Queued characters count
 * against the process's {@link BufferBudget}: while it is tight droppable frames are not queued,
 * and a frame it cannot take at all makes the socket slow. An event is queued as its id and its
 * {@link SharedTail}, and its frame text is built when it is written: the queue bound counts the
 * whole frame, the budget its per-session prefix and (once for every holder) the shared tail.
 */
final class Outbox {
  /** A control frame ({@code text}) or an event ({@code eventId} and its shared {@code tail}). */
  private record Frame(
      String text,
      long eventId,
      SharedTail tail,
      boolean droppable,
      long sentAtMillis,
      boolean encodedOnce) {
    /** The characters of the frame as written. */
    int chars() {
      return tail == null ? text.length() : tail.frameLength(eventId);
    }

    /** The characters this queue alone is charged for (the shared tail is charged apart). */
    int ownChars() {
      return tail == null ? text.length() : SharedTail.prefixLength(eventId);
    }

    String written() {
      return tail == null ? text : tail.frame(eventId);
    }
  }

  /** What the owner does when the socket is slow or broken; called at most once. */
  interface Failure {
    void failed(boolean slow);
  }

  private final RemoteEndpoint.Async remote;
  private final int maxChars;
  private final Failure failure;
  private final BufferBudget budget;
  private final GatewayMetrics metrics;
  private final ArrayDeque<Frame> queue = new ArrayDeque<>();
  private long queuedChars;
  private boolean sending;
  private boolean inSend;
  private boolean failed;
  private Runnable whenIdle;
  private long inFlightSentAt = GatewayMetrics.CONTROL;

  Outbox(
      RemoteEndpoint.Async remote,
      int maxChars,
      BufferBudget budget,
      GatewayMetrics metrics,
      Failure failure) {
    this.remote = remote;
    this.metrics = metrics;
    this.maxChars = maxChars;
    this.budget = budget;
    this.failure = failure;
  }

  /**
   * Enqueues a frame; false when it was dropped or the socket is already given up. {@code
   * sentAtMillis} says what it is for the metrics ({@link GatewayMetrics#written}).
   */
  boolean offer(String text, boolean droppable, long sentAtMillis) {
    return offer(new Frame(text, 0, null, droppable, sentAtMillis, false), null);
  }

  /**
   * Enqueues event {@code eventId} whose frame is built from {@code tail} when written: now, on
   * this thread, when {@code pending} is null; otherwise this outbox joins {@code pending} and a
   * {@link SocketWriters} thread writes it ({@link #flush}).
   */
  boolean offer(
      long eventId,
      SharedTail tail,
      boolean droppable,
      long sentAtMillis,
      SocketWriters.Pending pending) {
    return offer(
        new Frame(
            null, eventId, tail, droppable, sentAtMillis, pending != null && pending.encodeOnce()),
        pending);
  }

  /** Writes what is queued unless a write is already in flight (whose completion goes on). */
  synchronized void flush() {
    pump();
  }

  private boolean offer(Frame frame, SocketWriters.Pending pending) {
    boolean droppable = frame.droppable();
    boolean slow = false;
    synchronized (this) {
      if (failed) {
        return false;
      }
      if (droppable && budget.shedsEphemeral()) {
        metrics.dropped();
        return false;
      }
      if (!fits(frame)) {
        dropDroppable();
        if (droppable) {
          metrics.dropped();
          return false;
        }
        if (!fits(frame)) {
          discardQueue();
          slow = true;
        }
      }
      if (!slow) {
        queue.add(frame);
        queuedChars += frame.chars();
        if (pending == null) {
          pump();
        } else if (!sending) {
          pending.add(this);
        }
        return true;
      }
    }
    failure.failed(true);
    return false;
  }

  /** Whether the frame fits this queue and the process's budget (reserved when it does). */
  private boolean fits(Frame frame) {
    if (queuedChars + frame.chars() > maxChars || !budget.reserve(frame.ownChars())) {
      return false;
    }
    if (frame.tail() != null && !frame.tail().retain(budget)) {
      budget.release(frame.ownChars());
      return false;
    }
    return true;
  }

  /** Gives back what {@link #fits} charged for {@code frame}. */
  private void release(Frame frame) {
    budget.release(frame.ownChars());
    if (frame.tail() != null) {
      frame.tail().release();
    }
  }

  /**
   * Runs {@code action} once no write is in flight (now, or when the current one completes): a
   * close frame can only follow a complete frame.
   */
  void whenIdle(Runnable action) {
    synchronized (this) {
      if (sending) {
        whenIdle = action;
        return;
      }
    }
    action.run();
  }

  synchronized long queuedChars() {
    return queuedChars;
  }

  /** The socket is closing: nothing more is written, and the queue's memory goes back. */
  synchronized void discard() {
    discardQueue();
  }

  private void discardQueue() {
    failed = true;
    Frame frame;
    while ((frame = queue.poll()) != null) {
      release(frame);
    }
    queuedChars = 0;
  }

  private void dropDroppable() {
    for (Iterator<Frame> it = queue.iterator(); it.hasNext(); ) {
      Frame frame = it.next();
      if (frame.droppable()) {
        it.remove();
        metrics.dropped();
        queuedChars -= frame.chars();
        release(frame);
      }
    }
  }

  /** Starts the next write; loops instead of recursing when the container completes inline. */
  private void pump() {
    while (!sending && !failed && !queue.isEmpty()) {
      Frame next = queue.poll();
      queuedChars -= next.chars();
      release(next);
      sending = true;
      inSend = true;
      inFlightSentAt = next.sentAtMillis();
      try {
        if (next.encodedOnce() && PreEncodedTextFrames.supports(remote)) {
          // A big audience's frame: its tail is encoded once for all (docs/adr/0200).
          PreEncodedTextFrames.send(remote, next.tail().frameBytes(next.eventId()), this::sent);
        } else {
          remote.sendText(next.written(), this::sent);
        }
      } catch (RuntimeException e) {
        sending = false;
        discardQueue();
      } finally {
        inSend = false;
      }
    }
  }

  private void sent(SendResult result) {
    boolean broken = false;
    Runnable idle;
    synchronized (this) {
      sending = false;
      idle = failed ? whenIdle : null;
      whenIdle = null;
      if (!result.isOK()) {
        discardQueue();
        broken = true;
      } else {
        metrics.written(inFlightSentAt);
        if (!inSend) {
          pump();
        }
      }
    }
    if (broken) {
      failure.failed(false);
    }
    if (idle != null) {
      idle.run();
    }
  }
}
