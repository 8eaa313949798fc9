package io.parley.push.routing;

import io.parley.support.tracing.Handoffs;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A fixed set of delivery threads, each with its own FIFO queue. Work is keyed (by conversation, or
 * by user for account events): one key always lands in the same lane, so one conversation's events
 * go out in log order while other conversations' events go out at the same time on other lanes.
 * Queues are bounded; a full lane makes the reader of the log wait (back-pressure, nothing
 * dropped). A failing task is logged and the lane moves on, as Axon's default handler would.
 *
 * <p>A short task (a message's push: routing from memory, frames queued to sockets) runs on the
 * submitting thread when no delivery work is queued or running on any lane ({@link #submitShort},
 * docs/adr/0235): on an idle server the hand-off to a lane thread cost a thread wake-up in every
 * message's way. Each lane's work runs under the lane's lock, wherever it runs, so a task handed to
 * a lane meanwhile still runs after it.
 */
@Component
class DeliveryLanes {
  private static final Logger log = LoggerFactory.getLogger(DeliveryLanes.class);
  private static final Runnable STOP = () -> {};

  private final List<BlockingQueue<Runnable>> queues = new ArrayList<>();
  private final List<ReentrantLock> running = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  /** Tasks handed in and not yet finished, on every lane: queued, running, or running inline. */
  private final AtomicInteger unfinished = new AtomicInteger();

  private final Handoffs handoffs;

  DeliveryLanes(int lanes, int capacity) {
    this(lanes, capacity, Handoffs.NONE);
  }

  /** A task submitted inside a trace runs in a {@code push lane} span of it (docs/adr/0125). */
  @Autowired
  DeliveryLanes(
      @Value("${parley.push.delivery-lanes:4}") int lanes,
      @Value("${parley.push.delivery-lane-capacity:1024}") int capacity,
      ObjectProvider<Handoffs> handoffs) {
    this(lanes, capacity, handoffs.getIfAvailable(() -> Handoffs.NONE));
  }

  private DeliveryLanes(int lanes, int capacity, Handoffs handoffs) {
    this.handoffs = handoffs;
    if (lanes < 1 || capacity < 1) {
      throw new IllegalArgumentException("parley.push.delivery-lanes and -capacity must be >= 1");
    }
    for (int i = 0; i < lanes; i++) {
      BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(capacity);
      ReentrantLock lock = new ReentrantLock();
      Thread thread = new Thread(() -> drain(queue, lock), "push-lane-" + i);
      thread.setDaemon(true);
      queues.add(queue);
      running.add(lock);
      threads.add(thread);
      thread.start();
    }
  }

  /** Runs {@code task} after every earlier task of the same {@code key}. */
  void submit(Object key, Runnable task) {
    enqueue(lane(key), handoffs.continued("push lane", task));
  }

  /**
   * As {@link #submit}, for a task that neither blocks nor waits for I/O beyond a socket's
   * non-blocking write: when nothing is queued or running on any lane, it runs now, on this thread,
   * under its lane's lock.
   */
  void submitShort(Object key, Runnable task) {
    int lane = lane(key);
    if (!unfinished.compareAndSet(0, 1)) {
      enqueue(lane, handoffs.continued("push lane", task));
      return;
    }
    run(running.get(lane), handoffs.continued("push lane", task));
  }

  /** Runs a handed-in task under its lane's lock; a failing one is logged and delivery goes on. */
  private void run(ReentrantLock lock, Runnable task) {
    lock.lock();
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("A push failed; delivery goes on with the next event", e);
    } finally {
      lock.unlock();
      unfinished.decrementAndGet();
    }
  }

  private int lane(Object key) {
    return Math.floorMod(key.hashCode(), queues.size());
  }

  private void enqueue(int lane, Runnable task) {
    unfinished.incrementAndGet();
    try {
      queues.get(lane).put(task);
    } catch (InterruptedException e) {
      unfinished.decrementAndGet();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while handing an event to its lane", e);
    }
  }

  int size() {
    return queues.size();
  }

  /** Waits until every task submitted before this call has run, on every lane. */
  void awaitIdle() {
    java.util.concurrent.CountDownLatch done =
        new java.util.concurrent.CountDownLatch(queues.size());
    try {
      for (int lane = 0; lane < queues.size(); lane++) {
        enqueue(lane, done::countDown);
      }
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the delivery lanes", e);
    }
  }

  private void drain(BlockingQueue<Runnable> queue, ReentrantLock lock) {
    while (true) {
      Runnable task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (task == STOP) {
        return;
      }
      run(lock, task);
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    for (BlockingQueue<Runnable> queue : queues) {
      queue.offer(STOP, 1, TimeUnit.SECONDS);
    }
    for (Thread thread : threads) {
      thread.join(2000);
    }
  }
}
