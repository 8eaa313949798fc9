package io.parley.support.axon;

import java.util.List;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store with one addition: {@link #wake()} makes its producer fetch from the
 * storage engine now instead of at the end of its fetch delay. The store already does exactly this
 * after a local commit ({@code afterCommit} signals the producer and ignores the events); a wake-up
 * from another process (docs/adr/0115) reuses that path.
 */
public class WakeableEventStore extends EmbeddedEventStore {

  public WakeableEventStore(Builder builder) {
    super(builder);
  }

  /** Tells the tailing consumers' producer that new events may be in the store. */
  public void wake() {
    afterCommit(List.of());
  }
}
