package io.parley.push.gateway;

import io.parley.support.DaemonThreads;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Writes a big audience's frames on several threads (docs/adr/0199). A broadcast to at least {@code
 * threshold} users queues its frame in every socket's {@link Outbox} on the delivery lane, as
 * always (that numbers the events and fixes each socket's order), but leaves the writing — the
 * frame's text, its UTF-8 encoding and the socket write — to these threads, the audience split
 * between them. Order is the outboxes' own: whichever thread writes a socket takes its frames in
 * queue order. At most {@code 2 × threads} parts wait or run at once; a lane that gets further
 * ahead waits, so a socket's queue grows only when the socket itself is slow, as before.
 */
@Component
class SocketWriters {
  private static final Logger log = LoggerFactory.getLogger(SocketWriters.class);

  /** Writes inline, on the broadcasting thread: no pool. */
  static final SocketWriters INLINE = new SocketWriters(0, Integer.MAX_VALUE, false);

  private final int threads;
  private final int threshold;
  private final ExecutorService pool;
  private final Semaphore inFlight;
  private final boolean encodeOnce;

  /**
   * {@code encodeOnce}: whether the writers send a frame as bytes encoded once per audience
   * (docs/adr/0200) or as text, encoded per socket by the container.
   */
  @Autowired
  SocketWriters(
      @Value("${parley.push.writer-threads:0}") int threads,
      @Value("${parley.push.parallel-write-audience:64}") int threshold,
      @Value("${parley.push.encode-once:true}") boolean encodeOnce) {
    this.encodeOnce = encodeOnce;
    this.threads = threads > 0 ? threads : Math.max(2, Runtime.getRuntime().availableProcessors());
    this.threshold = threshold;
    if (threshold == Integer.MAX_VALUE) {
      this.pool = null;
      this.inFlight = null;
      return;
    }
    this.pool = Executors.newFixedThreadPool(this.threads, DaemonThreads.named("push-writer"));
    this.inFlight = new Semaphore(2 * this.threads);
  }

  /**
   * What a broadcast to {@code users} users collects its outboxes in, or null when it writes inline
   * (a small audience: one more thread hop would only add latency).
   */
  Pending pendingFor(int users) {
    return pool == null || users < threshold ? null : new Pending(encodeOnce);
  }

  /** Hands the collected outboxes to the writers, split evenly; waits while they are far behind. */
  void flush(Pending pending) {
    List<Outbox> outboxes = pending.outboxes;
    if (outboxes.isEmpty()) {
      return;
    }
    int parts = Math.min(threads, outboxes.size());
    int size = (outboxes.size() + parts - 1) / parts;
    for (int from = 0; from < outboxes.size(); from += size) {
      List<Outbox> part = outboxes.subList(from, Math.min(outboxes.size(), from + size));
      inFlight.acquireUninterruptibly();
      try {
        pool.execute(() -> write(part));
      } catch (RuntimeException e) {
        // The pool is shut down (the process is stopping): write here rather than lose frames.
        write(part);
      }
    }
  }

  private void write(List<Outbox> part) {
    try {
      for (Outbox outbox : part) {
        try {
          outbox.flush();
        } catch (RuntimeException e) {
          log.warn("Writing to a socket failed", e);
        }
      }
    } finally {
      if (inFlight != null) {
        inFlight.release();
      }
    }
  }

  @PreDestroy
  void stop() {
    if (pool != null) {
      pool.shutdown();
    }
  }

  /** The outboxes of one broadcast that have a frame to write. */
  static final class Pending {
    private final List<Outbox> outboxes = new ArrayList<>();
    private final boolean encodeOnce;

    Pending(boolean encodeOnce) {
      this.encodeOnce = encodeOnce;
    }

    /** Whether the frames of this broadcast go out as bytes encoded once (docs/adr/0200). */
    boolean encodeOnce() {
      return encodeOnce;
    }

    void add(Outbox outbox) {
      outboxes.add(outbox);
    }
  }
}
