package io.parley.support.axon;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Batches of the log read once for every processor that reads behind the head (docs/adr/0227).
 *
 * <p>A processor behind the event store's cache reads the log on its own: a rebuild or a first
 * catch-up of eleven processors queried every batch eleven times and deserialized every event
 * eleven times. Here the first reader of a batch (the events after a given token) reads it, and the
 * others that ask for the same token take the same messages; a message's payload is deserialized
 * once, by whichever processor looks at it first. The batch is the same for every reader because it
 * is keyed by the exact token read from, gaps included, and an older answer for a token is as good
 * as a newer one: the reader goes on from the batch's last token and reads whatever came since.
 *
 * <p>So that the readers meet in the batches kept, a reader more than {@code lead} events ahead of
 * the slowest other reader waits before it reads a batch nobody has read yet, at most {@code
 * maxWait} each time. A reader that has not read for {@code idle} holds nobody back, and a reader
 * more than twice the lead ahead is not held at all: one processor replayed on its own does not
 * slow another that catches up near the head.
 *
 * <p>A reader whose last answer was empty (at the head) never waits, neither for the slowest nor
 * for another reader's read of its batch: it reads that batch itself. Axon's event store asks such
 * a reader again while it holds the lock its producer needs to wake the readers that follow the
 * head, live delivery among them.
 */
final class SharedLogReads {
  private static final Object FROM_THE_START = new Object();

  private final int capacity;
  private final long lead;
  private final long idleNanos;
  private final long maxWaitNanos;
  private final LongSupplier nanoTime;
  private final Map<Object, CompletableFuture<List<TrackedEventMessage<?>>>> batches =
      new LinkedHashMap<>();
  private final Set<Reader> readers = new HashSet<>();
  private long reads;
  private long shared;

  /**
   * @param capacity the batches kept
   * @param lead how many events a reader may read ahead of the slowest before it waits
   */
  SharedLogReads(int capacity, long lead, long idleMillis, long maxWaitMillis, LongSupplier nanos) {
    if (capacity < 1 || lead < 0) {
      throw new IllegalArgumentException("capacity " + capacity + ", lead " + lead);
    }
    this.capacity = capacity;
    this.lead = lead;
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    this.nanoTime = nanos;
  }

  /**
   * Batches of {@code batchSize} events: {@code batches} of them kept, and a reader may lead the
   * slowest by all but two of them; idle after 2 s, held at most 1 s per read.
   */
  static SharedLogReads of(int batches, int batchSize) {
    return new SharedLogReads(
        batches, (long) Math.max(0, batches - 2) * batchSize, 2000, 1000, System::nanoTime);
  }

  /** A reader that starts after {@code token}; close it when its stream closes. */
  synchronized Reader reader(TrackingToken token) {
    Reader reader = new Reader(positionOf(token));
    readers.add(reader);
    return reader;
  }

  /** Batches read from the store, and batches taken from another reader's read. */
  synchronized long[] counts() {
    return new long[] {reads, shared};
  }

  synchronized int kept() {
    return batches.size();
  }

  private static long positionOf(TrackingToken token) {
    return token == null ? -1 : token.position().orElse(-1);
  }

  /** One processor's stream of the log. Not for concurrent use. */
  final class Reader implements AutoCloseable {
    private long position;
    private long lastRead;
    private boolean atTheHead;

    private Reader(long position) {
      this.position = position;
      this.lastRead = nanoTime.getAsLong();
    }

    /**
     * The events after {@code after}: a batch another reader read from the same token, or {@code
     * read}'s answer, kept for the others unless it is empty.
     */
    List<TrackedEventMessage<?>> next(
        TrackingToken after, Function<TrackingToken, List<TrackedEventMessage<?>>> read) {
      Object key = after == null ? FROM_THE_START : after;
      CompletableFuture<List<TrackedEventMessage<?>>> batch;
      boolean mine = false;
      synchronized (SharedLogReads.this) {
        batch = batches.get(key);
        if (batch == null && !atTheHead) {
          awaitTheSlowest();
          batch = batches.get(key);
        }
        if (batch != null && atTheHead && !batch.isDone()) {
          batch = new CompletableFuture<>(); // read here, not kept: the other read is kept
          mine = true;
          reads++;
        } else if (batch == null) {
          batch = new CompletableFuture<>();
          batches.put(key, batch);
          mine = true;
          reads++;
          Iterator<Object> eldest = batches.keySet().iterator();
          while (batches.size() > capacity) {
            eldest.next();
            eldest.remove();
          }
        } else {
          shared++;
        }
      }
      if (mine) {
        try {
          List<TrackedEventMessage<?>> events = List.copyOf(read.apply(after));
          if (events.isEmpty()) {
            forget(key, batch);
          }
          batch.complete(events);
        } catch (RuntimeException | Error e) {
          forget(key, batch);
          batch.completeExceptionally(e);
          throw e;
        }
      }
      List<TrackedEventMessage<?>> events = join(batch);
      synchronized (SharedLogReads.this) {
        if (!events.isEmpty()) {
          position = positionOf(events.get(events.size() - 1).trackingToken());
        }
        atTheHead = events.isEmpty();
        lastRead = nanoTime.getAsLong();
        SharedLogReads.this.notifyAll();
      }
      return events;
    }

    /** Waits, bounded, while this reader is far enough ahead of an active one to lose it. */
    private void awaitTheSlowest() {
      long start = nanoTime.getAsLong();
      while (true) {
        long now = nanoTime.getAsLong();
        long left = maxWaitNanos - (now - start);
        if (left <= 0 || !aheadOfAnActiveReader(now)) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(SharedLogReads.this, Math.min(left, idleNanos));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private boolean aheadOfAnActiveReader(long now) {
      for (Reader other : readers) {
        long ahead = position - other.position;
        if (other != this
            && ahead > lead
            && ahead <= 2 * lead
            && now - other.lastRead < idleNanos) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() {
      synchronized (SharedLogReads.this) {
        if (readers.remove(this)) {
          if (readers.isEmpty()) {
            batches.clear();
          }
          SharedLogReads.this.notifyAll();
        }
      }
    }
  }

  private synchronized void forget(Object key, CompletableFuture<?> batch) {
    batches.remove(key, batch);
  }

  private static List<TrackedEventMessage<?>> join(
      CompletableFuture<List<TrackedEventMessage<?>>> batch) {
    try {
      return batch.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
