package io.parley.command.admission;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Decides whether a new send is attempted at all (docs/adr/0116, 0201): refused while this instance
 * already runs {@code maxInFlight} sends, or while a watched consumer of the log runs past its lag
 * budget ({@link DeliveryLag}). Refusing early keeps what is accepted fast; a queue would make
 * every message late.
 */
public final class SendAdmission {
  /** Held for the duration of one send. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** The detail of a send refused because too many are under way (or waiting for a thread). */
  static final String TOO_MANY = "Too many messages are being sent right now. Try again shortly.";

  private final Semaphore inFlight;
  private final Supplier<Duration> overdue;
  private final Duration retryAfter;

  public SendAdmission(int maxInFlight, Supplier<Duration> overdue, Duration retryAfter) {
    this.inFlight = new Semaphore(maxInFlight);
    this.overdue = overdue;
    this.retryAfter = retryAfter;
  }

  /**
   * The default limit, 12 sends per processor (docs/adr/0201). A send is mostly CPU, here and in
   * Postgres; past a few per core, more at once only wait for a core, and the wait lands on every
   * accepted message. It is not fewer, because concurrent sends share a durable commit.
   */
  public static int defaultMaxInFlight(int processors) {
    return 12 * Math.max(1, processors);
  }

  static final String LATE = "Messages are being delivered late right now. Try again shortly.";

  /**
   * The refusal a new send would get now, or null: both signals of {@link #admit}, read without
   * taking a permit. The first filter asks it, so that a send arriving at the limit is refused
   * before its token is checked or its body parsed (docs/adr/0220); {@link #admit} still decides
   * for every send let through.
   */
  public SendsRefused refusalNow() {
    if (late()) {
      return new SendsRefused(retryAfter, LATE);
    }
    if (inFlight.availablePermits() == 0) {
      return new SendsRefused(retryAfter, TOO_MANY);
    }
    return null;
  }

  /** A permit for one send, or {@link SendsRefused}. */
  public Permit admit() {
    if (late()) {
      throw new SendsRefused(retryAfter, LATE);
    }
    if (!inFlight.tryAcquire()) {
      throw new SendsRefused(retryAfter, TOO_MANY);
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        inFlight.release();
      }
    };
  }

  /** A watched consumer of the log runs past its lag budget. */
  private boolean late() {
    return overdue.get().compareTo(Duration.ZERO) > 0;
  }
}
