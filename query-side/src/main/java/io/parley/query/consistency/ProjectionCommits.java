package io.parley.query.consistency;

import org.springframework.stereotype.Component;

/**
 * Wakes readers waiting at the {@link ReadBarrier} when a read-model processor has committed a
 * batch (its position is then in the token store), so in one JVM a waiting read re-checks at once
 * instead of polling. Has no dependencies, so the processors' configuration can use it.
 */
@Component
public class ProjectionCommits {
  private long commits;

  /** A processor committed a batch. */
  public synchronized void committed() {
    commits++;
    notifyAll();
  }

  synchronized long count() {
    return commits;
  }

  /** Waits until a commit after {@code seen}, or at most {@code nanos}. */
  synchronized void awaitAfter(long seen, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    long left = nanos;
    while (commits == seen && left > 0) {
      wait(left / 1_000_000, (int) (left % 1_000_000));
      left = deadline - System.nanoTime();
    }
  }
}
