package io.parley.support.axon;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store with two additions (docs/adr/0115): {@link #wake()} makes its
 * producer fetch from the storage engine now instead of at the end of its fetch delay (the path a
 * local commit already takes: {@code afterCommit} signals the producer and ignores the events), and
 * after each local commit of events it calls {@code onAppended}, which tells other processes.
 */
public class WakeableEventStore extends EmbeddedEventStore {
  private final Runnable onAppended;

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
  }

  @Override
  protected void afterCommit(List<? extends EventMessage<?>> events) {
    super.afterCommit(events);
    if (!events.isEmpty()) {
      onAppended.run();
    }
  }
}
