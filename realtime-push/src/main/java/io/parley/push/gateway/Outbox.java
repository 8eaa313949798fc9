package io.parley.push.gateway;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The frames waiting for one socket. Callers only enqueue; frames are written one at a time with
 * the container's asynchronous send, so no caller ever waits on a slow socket. The queue is bounded
 * in characters: when it would overflow, droppable frames (typing, presence) go first, and if that
 * is not enough the socket is declared slow and the queue is discarded.
 */
final class Outbox {
  private record Frame(String text, boolean droppable) {}

  /** What the owner does when the socket is slow or broken; called at most once. */
  interface Failure {
    void failed(boolean slow);
  }

  private final RemoteEndpoint.Async remote;
  private final int maxChars;
  private final Failure failure;
  private final ArrayDeque<Frame> queue = new ArrayDeque<>();
  private long queuedChars;
  private boolean sending;
  private boolean inSend;
  private boolean failed;
  private Runnable whenIdle;

  Outbox(RemoteEndpoint.Async remote, int maxChars, Failure failure) {
    this.remote = remote;
    this.maxChars = maxChars;
    this.failure = failure;
  }

  /** Enqueues a frame; false when it was dropped or the socket is already given up. */
  boolean offer(String text, boolean droppable) {
    boolean slow = false;
    synchronized (this) {
      if (failed) {
        return false;
      }
      if (queuedChars + text.length() > maxChars) {
        dropDroppable();
        if (droppable) {
          return false;
        }
        if (queuedChars + text.length() > maxChars) {
          failed = true;
          queue.clear();
          queuedChars = 0;
          slow = true;
        }
      }
      if (!slow) {
        queue.add(new Frame(text, droppable));
        queuedChars += text.length();
        pump();
        return true;
      }
    }
    failure.failed(true);
    return false;
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

  private void dropDroppable() {
    for (Iterator<Frame> it = queue.iterator(); it.hasNext(); ) {
      Frame frame = it.next();
      if (frame.droppable()) {
        it.remove();
        queuedChars -= frame.text().length();
      }
    }
  }

  /** Starts the next write; loops instead of recursing when the container completes inline. */
  private void pump() {
    while (!sending && !failed && !queue.isEmpty()) {
      Frame next = queue.poll();
      queuedChars -= next.text().length();
      sending = true;
      inSend = true;
      try {
        remote.sendText(next.text(), this::sent);
      } catch (RuntimeException e) {
        sending = false;
        failed = true;
        queue.clear();
        queuedChars = 0;
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
        failed = true;
        queue.clear();
        queuedChars = 0;
        broken = true;
      } else if (!inSend) {
        pump();
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
