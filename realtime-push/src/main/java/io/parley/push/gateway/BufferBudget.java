package io.parley.push.gateway;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.util.unit.DataSize;

/**
 * One memory budget for every outbox and replay buffer of this process. Frames are counted at two
 * bytes a character (the heap cost of a non-Latin-1 string, so the estimate errs high). An event's
 * {@link SharedTail}, serialised once for all its recipients, is counted once however many replay
 * buffers and queues hold it (by its first holder, given back by its last); each of them is charged
 * the event's per-session prefix, about the size of its entry (docs/adr/0196). Reserving never
 * waits: past {@link #shedsEphemeral() 70%} typing and presence frames are not queued at all, past
 * 85% the {@link #onPressure pressure hook} runs (once at a time) to close the biggest sessions
 * down to 60%, and a reservation that would pass 100% is refused, so the count never exceeds the
 * budget.
 */
final class BufferBudget {
  private static final int BYTES_PER_CHAR = 2;

  private final AtomicLong usedChars = new AtomicLong();
  private final AtomicBoolean pressureRunning = new AtomicBoolean();
  private volatile long limitChars;
  private volatile Runnable pressure = () -> {};

  BufferBudget(DataSize configured) {
    resize(configured.toBytes() > 0 ? configured.toBytes() : Runtime.getRuntime().maxMemory() / 4);
  }

  /** Sets the budget; tests use it to squeeze a running gateway. */
  void resize(long bytes) {
    this.limitChars = Math.max(1, bytes / BYTES_PER_CHAR);
  }

  /** What runs (off the caller's thread) when the budget is under pressure. */
  void onPressure(Runnable action) {
    this.pressure = action;
  }

  /** Counts {@code chars} more; false (nothing counted) when that would exceed the budget. */
  boolean reserve(long chars) {
    // Compare-and-set rather than add-then-undo: a refused reservation never shows, even briefly,
    // as a count above the budget.
    long limit = limitChars;
    long before;
    long after;
    do {
      before = usedChars.get();
      after = before + chars;
      if (after > limit) {
        relieve();
        return false;
      }
    } while (!usedChars.compareAndSet(before, after));
    if (after > limit * 85 / 100) {
      relieve();
    }
    return true;
  }

  void release(long chars) {
    if (chars != 0) {
      usedChars.addAndGet(-chars);
    }
  }

  /** Typing and presence frames are not worth memory while the budget is this full. */
  boolean shedsEphemeral() {
    return usedChars.get() > limitChars * 70 / 100;
  }

  /** Whether closing sessions should go on. */
  boolean aboveLowWater() {
    return usedChars.get() > limitChars * 60 / 100;
  }

  long usedBytes() {
    return usedChars.get() * BYTES_PER_CHAR;
  }

  long limitBytes() {
    return limitChars * BYTES_PER_CHAR;
  }

  /** Called by the pressure action when it is done, so the next pressure runs it again. */
  void relieved() {
    pressureRunning.set(false);
  }

  private void relieve() {
    if (pressureRunning.compareAndSet(false, true)) {
      try {
        pressure.run();
      } catch (RuntimeException e) {
        pressureRunning.set(false);
        throw e;
      }
    }
  }
}
