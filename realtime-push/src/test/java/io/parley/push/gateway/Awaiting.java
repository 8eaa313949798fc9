package io.parley.push.gateway;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing after the timeout. */
public final class Awaiting {
  private Awaiting() {}

  public static void until(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + timeout);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
