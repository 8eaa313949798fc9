package io.parley.support.axon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * The events this JVM's appends have committed, by global index, as the messages a read of the log
 * gives (docs/adr/0233, 0236). The event store's producer takes them from here instead of reading
 * them back from Postgres, and a reader that takes commits (live delivery) takes them before the
 * producer has run; both get the same message, so its payload is deserialized once. Either takes
 * them only when a read of the log could not have returned anything else: its token has no gaps (no
 * event below it may still arrive) and the events here follow it without a hole (no index in
 * between, so no other writer's event either). Then these events are exactly the first ones the
 * read would have returned, with the same tokens. In every other case the reader reads the log, as
 * before. Bounded: the oldest events are dropped first, and whatever the producer has passed goes
 * at its next look.
 */
final class CommittedAppends {
  private final int capacity;
  private final TreeMap<Long, TrackedEventMessage<?>> byIndex = new TreeMap<>();

  CommittedAppends(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.capacity = capacity;
  }

  /**
   * Notes {@code event}, committed at global index {@code index}; its token is the one a read of
   * the log from a token without gaps gives it.
   */
  synchronized void committed(long index, TrackedEventMessage<?> event) {
    byIndex.put(index, event);
    if (byIndex.size() > capacity) {
      byIndex.pollFirstEntry();
    }
  }

  /**
   * Up to {@code max} events that directly follow {@code token}; empty when there are none or when
   * a read of the log could find others first.
   */
  synchronized List<TrackedEventMessage<?>> after(TrackingToken token, int max) {
    if (!(token instanceof GapAwareTrackingToken position) || !position.getGaps().isEmpty()) {
      return List.of();
    }
    List<TrackedEventMessage<?>> run = new ArrayList<>();
    long next = position.getIndex() + 1;
    for (Map.Entry<Long, TrackedEventMessage<?>> event : byIndex.tailMap(next).entrySet()) {
      if (run.size() == max || event.getKey() != next) {
        break;
      }
      run.add(event.getValue());
      next++;
    }
    return run;
  }

  /** Drops the events {@code token} has passed: the producer's, which every reader follows. */
  synchronized void passed(TrackingToken token) {
    if (token instanceof GapAwareTrackingToken position) {
      byIndex.headMap(position.getIndex(), true).clear();
    }
  }

  synchronized int size() {
    return byIndex.size();
  }
}
