package io.parley.query;

import java.time.Duration;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.test.context.TestComponent;

/**
 * Appends events to the real event store as the command side would, then waits until every tracking
 * processor of the query side has handled them: tests see the read models as settled.
 */
@TestComponent
public class PublishedEvents {
  private final EventStore eventStore;
  private final EventProcessingConfiguration processing;

  PublishedEvents(EventStore eventStore, EventProcessingConfiguration processing) {
    this.eventStore = eventStore;
    this.processing = processing;
  }

  public void publish(Object... events) {
    publish(List.of(events));
  }

  /** Appends in one batch (one transaction) and waits until all processors are past them. */
  public void publish(List<?> events) {
    eventStore.publish(events.stream().map(GenericEventMessage::asEventMessage).toList());
    awaitProcessed();
  }

  public void awaitProcessed() {
    TrackingToken head = eventStore.createHeadToken();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    for (EventProcessor processor : processing.eventProcessors().values()) {
      if (!(processor instanceof TrackingEventProcessor tracking)) {
        continue;
      }
      while (!caughtUp(tracking, head)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(processor.getName() + " did not reach " + head);
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static boolean caughtUp(TrackingEventProcessor processor, TrackingToken head) {
    return processor.processingStatus().values().stream()
        .anyMatch(
            status -> {
              TrackingToken token = status.getTrackingToken();
              return token != null && token.covers(head);
            });
  }
}
