package io.parley.push.routing;

import io.parley.support.tracing.Handoffs;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 */
@Component
class DeliveryLanes {
  private static final Logger log = LoggerFactory.getLogger(DeliveryLanes.class);
  private static final Runnable STOP = () -> {};

  private final List<BlockingQueue<Runnable>> queues = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
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
      Thread thread = new Thread(() -> drain(queue), "push-lane-" + i);
      thread.setDaemon(true);
      queues.add(queue);
      threads.add(thread);
      thread.start();
    }
  }

  /** Runs {@code task} after every earlier task of the same {@code key}. */
  void submit(Object key, Runnable task) {
    BlockingQueue<Runnable> queue = queues.get(Math.floorMod(key.hashCode(), queues.size()));
    try {
      queue.put(handoffs.continued("push lane", task));
    } catch (InterruptedException e) {
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
      for (BlockingQueue<Runnable> queue : queues) {
        queue.put(done::countDown);
      }
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the delivery lanes", e);
    }
  }

  private static void drain(BlockingQueue<Runnable> queue) {
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
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("A push failed; delivery goes on with the next event", e);
      }
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
