package io.parley.support.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Time spent handling over the last minute, in six ten-second slots: {@link #share} is that time
 * divided by the minute (0 … the number of threads that handle). A slot is cleared when time comes
 * round to it again; the last minute is the slots written in the last six slot periods.
 */
final class BusyWindow {
  static final long SLOT_NANOS = 10_000_000_000L;
  static final int SLOTS = 6;

  private final AtomicLongArray busy = new AtomicLongArray(SLOTS);
  private final AtomicLongArray periods = new AtomicLongArray(SLOTS);

  /** Adds {@code nanos} of handling that ended at {@code now} (monotonic nanoseconds). */
  void add(long now, long nanos) {
    long period = Math.floorDiv(now, SLOT_NANOS);
    int slot = (int) Math.floorMod(period, (long) SLOTS);
    long seen = periods.get(slot);
    if (seen != period) {
      synchronized (this) {
        if (periods.get(slot) != period) {
          busy.set(slot, 0);
          periods.set(slot, period);
        }
      }
    }
    busy.addAndGet(slot, nanos);
  }

  /** Handling time in the minute before {@code now} ÷ the minute. */
  double share(long now) {
    long current = Math.floorDiv(now, SLOT_NANOS);
    long total = 0;
    for (int slot = 0; slot < SLOTS; slot++) {
      if (current - periods.get(slot) < SLOTS) {
        total += busy.get(slot);
      }
    }
    return total / (double) (SLOTS * SLOT_NANOS);
  }
}
