package io.parley.command.snapshot;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread aggregate snapshots are taken on (ADR 0194). Axon takes a snapshot in the thread that
 * triggered it by default, after the command's commit but before its answer: every 250th send into
 * a conversation waited for its last 250 events to be read back, replayed and stored. Here a
 * snapshot is queued instead, to one thread, at most {@link #QUEUE} waiting; one that does not fit
 * is skipped and counted (a skipped snapshot only means the next load replays a longer tail, and
 * the next trigger takes one).
 */
public final class BackgroundSnapshots implements Executor, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundSnapshots.class);
  static final int QUEUE = 1_000;

  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong skipped = new AtomicLong();
  private final ThreadPoolExecutor worker =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(QUEUE),
          task -> {
            Thread thread = new Thread(task, "aggregate-snapshots");
            thread.setDaemon(true);
            return thread;
          },
          (task, executor) -> {
            pending.decrementAndGet();
            if (skipped.incrementAndGet() % 100 == 1) {
              log.warn("Snapshot queue full: skipped {} snapshots so far", skipped.get());
            }
          });

  @Override
  public void execute(Runnable snapshot) {
    pending.incrementAndGet();
    worker.execute(
        () -> {
          try {
            snapshot.run();
          } finally {
            pending.decrementAndGet();
          }
        });
  }

  /** Snapshots skipped because the queue was full. */
  public long skipped() {
    return skipped.get();
  }

  /** Waits until no snapshot is queued or running; false if {@code timeout} passed first. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    worker.shutdown();
    worker.awaitTermination(10, TimeUnit.SECONDS);
  }
}
