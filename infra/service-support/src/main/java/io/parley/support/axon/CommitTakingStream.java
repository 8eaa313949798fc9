package io.parley.support.axon;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;

/**
 * A stream of the event store that also takes this JVM's committed sends from memory, before the
 * store's producer has read them (docs/adr/0236). Everything else comes from the store's own stream
 * (the delegate), and the delegate's copies of the events taken from memory are skipped.
 *
 * <p>It takes from memory only when the delegate has nothing: the delegate's next event is the next
 * in the log's order, or a gap's late event, and it goes first. Memory gives only events that
 * directly follow the last event handed out, after a token without gaps ({@link CommittedAppends}),
 * so none of them was handed out before; and the delegate, which reads every event after its start,
 * gives a copy of each. A copy is recognized by its event's identifier, not by its token: a token's
 * position is the highest index seen, so an event that fills a gap comes with a position above its
 * own. Not for concurrent use, as no stream is.
 */
final class CommitTakingStream implements TrackingEventStream {
  /** How many committed sends are taken from memory at a time. */
  private static final int TAKEN_AT_ONCE = 100;

  /** How long a blocking call waits on the delegate before it looks at memory again. */
  private static final long LOOK_AGAIN_MILLIS = 10;

  private final TrackingEventStream delegate;
  private final BiFunction<TrackingToken, Integer, List<TrackedEventMessage<?>>> commits;
  private final ArrayDeque<TrackedEventMessage<?>> taken = new ArrayDeque<>();
  private final Set<String> takenAhead = new HashSet<>();
  private TrackingToken last;

  /**
   * @param from the token the delegate starts after
   * @param commits the committed events that directly follow a token, at most so many
   */
  CommitTakingStream(
      TrackingEventStream delegate,
      TrackingToken from,
      BiFunction<TrackingToken, Integer, List<TrackedEventMessage<?>>> commits) {
    this.delegate = delegate;
    this.last = from;
    this.commits = commits;
  }

  @Override
  public boolean hasNextAvailable() {
    if (!taken.isEmpty()) {
      return true;
    }
    while (delegate.hasNextAvailable()) {
      if (takenAhead.isEmpty()
          || !takenAhead.remove(delegate.peek().orElseThrow().getIdentifier())) {
        return true;
      }
      try {
        delegate.nextAvailable(); // handed out from memory already
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    List<TrackedEventMessage<?>> run = commits.apply(last, TAKEN_AT_ONCE);
    for (TrackedEventMessage<?> event : run) {
      taken.add(event);
      takenAhead.add(event.getIdentifier());
    }
    return !taken.isEmpty();
  }

  @Override
  public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!hasNextAvailable()) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      delegate.hasNextAvailable((int) Math.min(left, LOOK_AGAIN_MILLIS), TimeUnit.MILLISECONDS);
    }
    return true;
  }

  @Override
  public Optional<TrackedEventMessage<?>> peek() {
    if (!hasNextAvailable()) {
      return Optional.empty();
    }
    return taken.isEmpty() ? delegate.peek() : Optional.of(taken.peek());
  }

  @Override
  public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
    while (!hasNextAvailable(Integer.MAX_VALUE, TimeUnit.MILLISECONDS)) {
      // waits as the delegate would, until an event is there
    }
    TrackedEventMessage<?> next = taken.isEmpty() ? delegate.nextAvailable() : taken.poll();
    last = next.trackingToken();
    return next;
  }

  @Override
  public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
    delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
  }

  @Override
  public boolean setOnAvailableCallback(Runnable callback) {
    return delegate.setOnAvailableCallback(callback);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
