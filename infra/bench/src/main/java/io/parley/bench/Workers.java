package io.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A fixed number of threads repeating one step until a deadline: every closed-loop baseline. */
final class Workers {
  private Workers() {}

  interface Step {
    void run(int thread, long n) throws Exception;
  }

  /** Runs {@code step} on {@code threads} threads for {@code seconds}; returns the steps done. */
  static long runFor(int threads, double seconds, String name, Step step) {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  for (long n = 0; System.nanoTime() < end; n++) {
                    step.run(thread, n);
                    done.incrementAndGet();
                  }
                } catch (Exception e) {
                  failures.add(e);
                }
              },
              name + "-" + t);
      workers.add(worker);
      worker.start();
    }
    joinAll(workers);
    if (!failures.isEmpty()) {
      throw new IllegalStateException(name + " failed", failures.get(0));
    }
    return done.get();
  }

  static void joinAll(Iterable<Thread> threads) {
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
