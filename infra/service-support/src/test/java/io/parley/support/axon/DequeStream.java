package io.parley.support.axon;

import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;

/** A stream of what a test puts into its deque, in that order; it never blocks. */
final class DequeStream implements TrackingEventStream {
  private final Deque<TrackedEventMessage<?>> events;

  DequeStream(Deque<TrackedEventMessage<?>> events) {
    this.events = events;
  }

  @Override
  public Optional<TrackedEventMessage<?>> peek() {
    return Optional.ofNullable(events.peek());
  }

  @Override
  public boolean hasNextAvailable(int timeout, TimeUnit unit) {
    return !events.isEmpty();
  }

  @Override
  public TrackedEventMessage<?> nextAvailable() {
    return events.remove();
  }

  @Override
  public boolean setOnAvailableCallback(Runnable callback) {
    return true;
  }

  @Override
  public void close() {}
}
