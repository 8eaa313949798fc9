package io.parley.support.axon;

import io.parley.support.Niceness;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's embedded event store with three additions (docs/adr/0115): {@link #wake()} makes its
 * producer fetch from the storage engine now instead of at the end of its fetch delay (the path a
 * local commit already takes: {@code afterCommit} signals the producer and ignores the events);
 * after each local commit of events it calls {@code onAppended}, which tells other processes; and
 * its streams tell their reader when new events may have arrived ({@link
 * TrackingEventStream#setOnAvailableCallback}). Axon's pooled processors poll a stream without that
 * every 500 ms when idle, so every read model lagged the log by up to half a second.
 *
 * <p>On the JDBC store the streams are told after the producer has read new events from the log
 * ({@link #wakeReadersAfterHeadReads}, docs/adr/0232), once per read, instead of on every commit: a
 * reader called back finds its events there, and a committing command does not wake every reader
 * itself.
 */
public class WakeableEventStore extends EmbeddedEventStore {
  /**
   * How long a called-back reader's first availability check waits, after a wake, for the producer
   * to have fetched. Generous on purpose: a reader told "nothing yet" goes back to sleep for its
   * claim interval (5 s), while the wait costs nothing (the check answers as soon as the events are
   * there, and the reader has nothing else to do). Twice the default fetch delay, so the producer's
   * own poll lands within it; 50 ms was too short under CI load (a read model then lagged 5 s).
   */
  static final int FETCH_WAIT_MILLIS = 2000;

  private static final Logger log = LoggerFactory.getLogger(WakeableEventStore.class);

  private final Runnable onAppended;

  /** In the order they are woken: readers on threads of higher priority first (docs/adr/0234). */
  private final List<WakingStream> streams = new CopyOnWriteArrayList<>();

  private volatile boolean wakeOnCommit = true;

  /** Where a reader that takes commits finds them; null until {@link #letReadersTakeCommits}. */
  private volatile ParleyEventStorageEngine commits;

  public WakeableEventStore(Builder builder, Runnable onAppended) {
    super(builder);
    this.onAppended = onAppended;
  }

  public WakeableEventStore(Builder builder) {
    this(builder, () -> {});
  }

  /** Tells the tailing consumers' producer that new events may be in the store. */
  public void wake() {
    super.afterCommit(List.of());
    if (wakeOnCommit) {
      wakeStreams();
    }
  }

  /**
   * Calls the streams' readers back after each of {@code engine}'s reads at the head that found
   * events (the producer's, which puts them where caught-up readers take them), and no longer on
   * commits and wakes.
   */
  void wakeReadersAfterHeadReads(ParleyEventStorageEngine engine) {
    engine.afterHeadReads(this::wakeStreams);
    wakeOnCommit = false;
  }

  /**
   * Wakes every stream's reader: first the readers waiting on their stream, in order of their
   * threads' priority, then the readers called back. One reader's failing callback keeps none of
   * the others asleep.
   */
  private void wakeStreams() {
    for (WakingStream stream : streams) {
      stream.unparkWaiter();
    }
    for (WakingStream stream : streams) {
      try {
        stream.wake();
      } catch (RuntimeException e) {
        log.warn("A reader's callback failed; it reads again at its own poll", e);
      }
    }
  }

  /**
   * Lets the streams of {@link #takingCommits()} take this JVM's committed sends from {@code
   * engine}'s memory as soon as each commits (docs/adr/0236); the committing thread wakes their
   * readers.
   */
  void letReadersTakeCommits(ParleyEventStorageEngine engine) {
    commits = engine;
    engine.afterCommits(this::wakeCommitTakers);
  }

  private void wakeCommitTakers() {
    for (WakingStream stream : streams) {
      if (stream.takesCommits) {
        stream.unparkWaiter();
      }
    }
  }

  /**
   * This store as the source of a reader that should see a send the moment it commits: live
   * delivery. Where {@link #letReadersTakeCommits} was called, its streams take this JVM's
   * committed sends from memory before the producer has read them (one thread's wake less between a
   * commit and its push), and skip the producer's copies of them afterwards; everything else they
   * read as any stream does. Elsewhere they are the store's streams.
   */
  public StreamableMessageSource<TrackedEventMessage<?>> takingCommits() {
    return new StreamableMessageSource<>() {
      @Override
      public TrackingEventStream openStream(TrackingToken trackingToken) {
        return WakeableEventStore.this.openStream(trackingToken, true);
      }

      @Override
      public TrackingToken createTailToken() {
        return WakeableEventStore.this.createTailToken();
      }

      @Override
      public TrackingToken createHeadToken() {
        return WakeableEventStore.this.createHeadToken();
      }

      @Override
      public TrackingToken createTokenAt(Instant dateTime) {
        return WakeableEventStore.this.createTokenAt(dateTime);
      }
    };
  }

  /** The priorities of the streams' readers, in the order they are woken. */
  List<Integer> wakeOrder() {
    return streams.stream().map(stream -> stream.nice).toList();
  }

  /**
   * An aggregate's load (the repository's and the snapshotter's read): the JDBC store may read the
   * stream as the aggregate's {@link StreamTail} allows (docs/adr/0197). Reads from a given
   * sequence number, as the verifier and the audit make, always get the whole stream.
   */
  @Override
  public DomainEventStream readEvents(String aggregateIdentifier) {
    return ParleyEventStorageEngine.loadingAnAggregate(() -> super.readEvents(aggregateIdentifier));
  }

  @Override
  protected void afterCommit(List<? extends EventMessage<?>> events) {
    super.afterCommit(events);
    if (!events.isEmpty()) {
      if (wakeOnCommit) {
        wakeStreams();
      }
      onAppended.run();
    }
  }

  @Override
  public TrackingEventStream openStream(TrackingToken trackingToken) {
    return openStream(trackingToken, false);
  }

  private TrackingEventStream openStream(TrackingToken trackingToken, boolean takesCommits) {
    ParleyEventStorageEngine engine = takesCommits ? commits : null;
    TrackingEventStream opened = super.openStream(trackingToken);
    WakingStream stream =
        new WakingStream(
            engine == null
                ? opened
                : new CommitTakingStream(opened, trackingToken, engine::committedAfter),
            Niceness.currentThreadNice().orElse(0),
            engine != null);
    synchronized (streams) {
      int at = 0;
      while (at < streams.size() && streams.get(at).nice <= stream.nice) {
        at++;
      }
      streams.add(at, stream);
    }
    return stream;
  }

  /**
   * A stream that calls its reader back on every wake of the store. The producer fetches the new
   * events only after the wake, so the first availability check after one waits up to {@link
   * #FETCH_WAIT_MILLIS} for them instead of answering "nothing yet" and sending the reader back to
   * sleep.
   */
  private final class WakingStream implements TrackingEventStream {
    private final TrackingEventStream delegate;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final int nice;
    private final boolean takesCommits;
    private volatile Runnable callback;
    private volatile Thread waiter;

    /**
     * {@code nice}: the priority of the thread that opened it, its reader's; {@code takesCommits}:
     * whether the committing thread wakes its reader (its delegate then takes commits).
     */
    WakingStream(TrackingEventStream delegate, int nice, boolean takesCommits) {
      this.delegate = delegate;
      this.nice = nice;
      this.takesCommits = takesCommits;
    }

    void unparkWaiter() {
      Thread reader = waiter;
      if (reader != null) {
        LockSupport.unpark(reader);
      }
    }

    void wake() {
      woken.set(true);
      Runnable reader = callback;
      if (reader != null) {
        reader.run();
      }
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
      this.callback = callback;
      return true;
    }

    /**
     * Only a reader that asked to be called back waits: a tracking processor fills its batches with
     * this check and must not wait for events that are not coming.
     */
    @Override
    public boolean hasNextAvailable() {
      if (callback == null || !woken.getAndSet(false)) {
        return delegate.hasNextAvailable();
      }
      try {
        return delegate.hasNextAvailable(FETCH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /**
     * A waiting reader (a tracking processor). Where readers are woken after the producer's read,
     * it is woken by that wake itself, directly and in order of priority (docs/adr/0234), instead
     * of by the producer's signal to all the cache's readers at once.
     */
    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
      woken.set(false);
      if (wakeOnCommit && !takesCommits) {
        return delegate.hasNextAvailable(timeout, unit);
      }
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      waiter = Thread.currentThread();
      try {
        while (true) {
          if (delegate.hasNextAvailable()) {
            return true;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          LockSupport.parkNanos(this, left);
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
      } finally {
        waiter = null;
      }
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
      return delegate.peek();
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
      return delegate.nextAvailable();
    }

    @Override
    public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
      delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
    }

    @Override
    public void close() {
      synchronized (streams) {
        streams.remove(this);
      }
      callback = null;
      delegate.close();
    }
  }
}
