package io.parley.support.axon;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The log as a processor nobody waits on reads it: under load, its batches start at most once per
 * {@code interval} (docs/adr/0226).
 *
 * <p>A processor that keeps up with the log handles what is there when it looks, and stores its
 * position in a transaction after every batch. At a steady rate of messages that is a batch, a
 * transaction and a position write per message or two. Here a reader that has caught up, and whose
 * last round of reading started less than {@code interval} ago, sees the next event only when the
 * interval is over: the events appended meanwhile join the same batch. A reader whose last round
 * started longer ago gets the next event at once, so an idle log adds no delay; and one that is
 * behind reads on without a pause, so a replay or a catch-up runs at full speed. An event waits at
 * most {@code interval} longer than it would have.
 *
 * <p>Both of Axon's streaming processors read through it. A tracking processor starts each batch
 * with a waiting {@link BlockingStream#hasNextAvailable(int, TimeUnit)}: there a round starts, and
 * the reader is behind when its previous round took a full batch. A pooled processor's coordinator
 * reads with {@link BlockingStream#hasNextAvailable()} until the stream is empty and is called back
 * when events arrive: there a round is what it reads until it finds the stream empty, and an event
 * that arrives too early is not shown until the interval is over, when the callback runs again.
 */
public final class PacedMessageSource implements StreamableMessageSource<TrackedEventMessage<?>> {
  /** Waits up to the given number of milliseconds on {@code monitor}, unless {@code done}. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Object monitor, long millis, java.util.function.BooleanSupplier done)
        throws InterruptedException;
  }

  /** Runs a callback after the given number of nanoseconds. */
  @FunctionalInterface
  interface Timer {
    void after(long nanos, Runnable callback);
  }

  private static final ScheduledExecutorService CALLBACKS =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "paced-streams");
            thread.setDaemon(true);
            return thread;
          });

  /** The paced sources of each processor in this JVM, for {@link #hurry(Collection)}. */
  private static final Map<String, Set<PacedMessageSource>> BY_PROCESSOR =
      new ConcurrentHashMap<>();

  private final StreamableMessageSource<TrackedEventMessage<?>> delegate;
  private final Set<PacedStream> streams = ConcurrentHashMap.newKeySet();
  private final long intervalNanos;
  private final int batchSize;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private final Timer timer;

  PacedMessageSource(
      StreamableMessageSource<TrackedEventMessage<?>> delegate,
      Duration interval,
      int batchSize,
      LongSupplier nanoClock,
      Sleeper sleeper,
      Timer timer) {
    this.delegate = delegate;
    this.intervalNanos = interval.toNanos();
    this.batchSize = batchSize;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
    this.timer = timer;
  }

  /**
   * {@code delegate} paced to a round of reading per {@code interval} under load, for {@code
   * processor}, whose batches take up to {@code batchSize} events.
   */
  public static PacedMessageSource of(
      String processor,
      StreamableMessageSource<TrackedEventMessage<?>> delegate,
      Duration interval,
      int batchSize) {
    PacedMessageSource source =
        new PacedMessageSource(
            delegate,
            interval,
            batchSize,
            System::nanoTime,
            (monitor, millis, done) -> {
              synchronized (monitor) {
                if (!done.getAsBoolean()) {
                  monitor.wait(millis);
                }
              }
            },
            (nanos, callback) -> CALLBACKS.schedule(callback, nanos, TimeUnit.NANOSECONDS));
    BY_PROCESSOR.computeIfAbsent(processor, name -> ConcurrentHashMap.newKeySet()).add(source);
    return source;
  }

  /**
   * Ends the current pause of every paced reader of these processors in this JVM: a read that waits
   * for them (the read barrier) does not wait for the rest of their interval too.
   */
  public static void hurry(Collection<String> processors) {
    for (String processor : processors) {
      Set<PacedMessageSource> sources = BY_PROCESSOR.get(processor);
      if (sources != null) {
        sources.forEach(PacedMessageSource::hurry);
      }
    }
  }

  /** Ends the current pause of each of this source's readers. */
  void hurry() {
    streams.forEach(PacedStream::hurry);
  }

  @Override
  public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
    PacedStream stream = new PacedStream(delegate.openStream(trackingToken));
    streams.add(stream);
    return stream;
  }

  @Override
  public TrackingToken createTailToken() {
    return delegate.createTailToken();
  }

  @Override
  public TrackingToken createHeadToken() {
    return delegate.createHeadToken();
  }

  @Override
  public TrackingToken createTokenAt(Instant dateTime) {
    return delegate.createTokenAt(dateTime);
  }

  @Override
  public TrackingToken createTokenSince(Duration duration) {
    return delegate.createTokenSince(duration);
  }

  /**
   * One reader's stream. Axon reads a stream from one thread at a time, so only what {@link
   * #hurry()} touches from a reading request's thread is shared.
   */
  private final class PacedStream implements BlockingStream<TrackedEventMessage<?>> {
    private final BlockingStream<TrackedEventMessage<?>> stream;
    private volatile Runnable onAvailable;
    private boolean started;
    private boolean reading;
    private long roundStart;
    private int takenInRound;
    private long callbackDue;
    private volatile boolean held;
    private final Object pause = new Object();
    private volatile boolean hurried;

    private PacedStream(BlockingStream<TrackedEventMessage<?>> stream) {
      this.stream = stream;
    }

    /** A tracking processor's batch starts here. */
    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
      if (timeout <= 0) {
        return hasNextAvailable();
      }
      if (!stream.hasNextAvailable(timeout, unit)) {
        reading = false;
        return false;
      }
      long now = nanoClock.getAsLong();
      boolean behind = takenInRound >= batchSize;
      if (started && !behind) {
        long end = roundStart + intervalNanos;
        while (!hurried && end - now > 0) {
          sleeper.sleep(pause, TimeUnit.NANOSECONDS.toMillis(end - now + 999_999), () -> hurried);
          now = nanoClock.getAsLong();
        }
      }
      startRound(now);
      return true;
    }

    /** A pooled processor's coordinator reads while this answers true. */
    @Override
    public boolean hasNextAvailable() {
      if (!stream.hasNextAvailable()) {
        reading = false;
        return false;
      }
      if (reading) {
        return true;
      }
      long now = nanoClock.getAsLong();
      long wait = started ? roundStart + intervalNanos - now : 0;
      if (wait <= 0 || hurried) {
        startRound(now);
        return true;
      }
      held = true;
      Runnable callback = onAvailable;
      long due = roundStart + intervalNanos;
      if (callback != null && callbackDue != due) {
        callbackDue = due;
        timer.after(wait, callback);
      }
      return false;
    }

    private void startRound(long now) {
      hurried = false;
      held = false;
      started = true;
      reading = true;
      roundStart = now;
      takenInRound = 0;
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
      return stream.peek();
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
      takenInRound++;
      return stream.nextAvailable();
    }

    /**
     * Ends the pause: a tracking reader's sleep returns, and a pooled coordinator held back is
     * called back now and reads on.
     */
    void hurry() {
      synchronized (pause) {
        hurried = true;
        pause.notifyAll();
      }
      Runnable callback = onAvailable;
      if (held && callback != null) {
        callback.run();
      }
    }

    @Override
    public void close() {
      streams.remove(this);
      stream.close();
    }

    @Override
    public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
      stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
      onAvailable = callback;
      return stream.setOnAvailableCallback(callback);
    }
  }
}
