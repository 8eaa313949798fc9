package io.parley.standalone;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls for an eventually consistent read model instead of sleeping a fixed time. */
final class Awaiting {
  private Awaiting() {}

  static <T> T until(Supplier<T> probe, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
