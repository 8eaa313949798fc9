package io.parley.support.axon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;

/**
 * The events this JVM's appends have committed, by global index, as the log stores them
 * (docs/adr/0233). The event store's producer takes them from here instead of reading them back
 * from Postgres, but only when that read could not have returned anything else: its token has no
 * gaps (no event below it may still arrive) and the events here follow it without a hole (no index
 * in between, so no other writer's event either). Then these events are exactly the first ones the
 * read would have returned, with the same tokens. In every other case the producer reads the log,
 * as before. Bounded: the oldest events are dropped first, and whatever the producer has passed
 * goes at its next look.
 */
final class CommittedAppends {
  private final int capacity;
  private final TreeMap<Long, DomainEventData<?>> byIndex = new TreeMap<>();

  CommittedAppends(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.capacity = capacity;
  }

  /** Notes {@code event}, committed at global index {@code index}. */
  synchronized void committed(long index, DomainEventData<?> event) {
    byIndex.put(index, event);
    if (byIndex.size() > capacity) {
      byIndex.pollFirstEntry();
    }
  }

  /**
   * Up to {@code max} events that directly follow {@code token}, with the tokens a read of the log
   * gives them; empty when there are none or when a read of the log could find others first.
   */
  synchronized List<TrackedEventData<?>> after(TrackingToken token, int max) {
    if (!(token instanceof GapAwareTrackingToken position)) {
      return List.of();
    }
    byIndex.headMap(position.getIndex(), true).clear();
    if (!position.getGaps().isEmpty()) {
      return List.of();
    }
    List<TrackedEventData<?>> run = new ArrayList<>();
    for (Map.Entry<Long, DomainEventData<?>> next : byIndex.entrySet()) {
      if (run.size() == max || next.getKey() != position.getIndex() + 1) {
        break;
      }
      position = position.advanceTo(next.getKey(), 0);
      run.add(new TrackedDomainEventData<>(position, next.getValue()));
    }
    return run;
  }

  synchronized int size() {
    return byIndex.size();
  }
}
