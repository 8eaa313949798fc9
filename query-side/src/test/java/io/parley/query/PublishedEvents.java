package io.parley.query;

import io.parley.events.account.UserPresenceChangedEvent;
import io.parley.events.message.DeliveryMarkerMovedEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import io.parley.support.axon.HandlerConditions;
import io.parley.support.axon.PacedMessageSource;
import io.parley.support.axon.StoredPositions;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appends events to the real event store as the command side would (as events of their conversation
 * or account aggregate, numbered in order), then waits until every streaming processor of the query
 * side has handled them: tests see the read models as settled.
 */
@TestComponent
public class PublishedEvents {
  private final EventStore eventStore;
  private final EventProcessingConfiguration processing;
  private final Map<UUID, AtomicLong> nextSequence = new ConcurrentHashMap<>();

  private final StoredPositions positions;

  PublishedEvents(
      EventStore eventStore,
      EventProcessingConfiguration processing,
      JdbcTemplate jdbc,
      @Qualifier("serializer") Serializer serializer,
      HandlerConditions conditions) {
    this.eventStore = eventStore;
    this.conditions = conditions;
    this.processing = processing;
    this.positions = new StoredPositions(jdbc, serializer);
  }

  private final HandlerConditions conditions;

  public void publish(Object... events) {
    publish(List.of(events));
  }

  /** Appends in one batch (one transaction) and returns at once: the read models may lag. */
  public void append(Object... events) {
    eventStore.publish(Stream.of(events).map(this::message).toList());
  }

  /** Appends in one batch (one transaction) and waits until all processors are past them. */
  public void publish(List<?> events) {
    eventStore.publish(events.stream().map(this::message).toList());
    awaitProcessed(events.stream().<Class<?>>map(Object::getClass).distinct().toList());
  }

  /**
   * The event as the services publish it: a conversation event belongs to its conversation, an
   * account event to its account. Read and delivery markers (command side, push) and presence
   * (push) are published outside any aggregate.
   */
  public EventMessage<?> message(Object payload) {
    UUID aggregateId = aggregateId(payload);
    if (aggregateId == null) {
      return GenericEventMessage.asEventMessage(payload);
    }
    String type = aggregateType(payload);
    long sequence =
        nextSequence.computeIfAbsent(aggregateId, id -> new AtomicLong()).getAndIncrement();
    return new GenericDomainEventMessage<>(type, aggregateId.toString(), sequence, payload);
  }

  private static UUID aggregateId(Object payload) {
    if (payload instanceof UserPresenceChangedEvent
        || payload instanceof ReadMarkerMovedEvent
        || payload instanceof DeliveryMarkerMovedEvent
        || !payload.getClass().isRecord()) {
      return null;
    }
    for (String name : List.of("conversationId", "userId")) {
      for (RecordComponent component : payload.getClass().getRecordComponents()) {
        if (component.getName().equals(name)) {
          try {
            return (UUID) component.getAccessor().invoke(payload);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return null;
  }

  private static String aggregateType(Object payload) {
    return payload.getClass().getPackageName().endsWith(".account") ? "Account" : "Conversation";
  }

  /** Until every processor's committed position is at the head of the log. */
  public void awaitProcessed() {
    awaitProcessed(null);
  }

  /**
   * Until every processor is past the head of the log: by its committed position, or, for one that
   * handles none of {@code published} (the payload types just appended; null when unknown), by its
   * in-memory progress on every segment it holds, as the read barrier counts a processor that only
   * skips (ReadBarrier). Skipping writes nothing, and a pooled processor stores a position it only
   * skipped to about once a second: waiting for that made every publish take a second.
   */
  private void awaitProcessed(List<Class<?>> published) {
    TrackingToken head = eventStore.createHeadToken();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    for (EventProcessor processor : processing.eventProcessors().values()) {
      if (!(processor instanceof StreamingEventProcessor streaming)) {
        continue;
      }
      boolean skipsThem = published != null && handlesNone(processor, published);
      // as a read held at the barrier does: a paced processor (docs/adr/0226) reads on now
      PacedMessageSource.hurry(List.of(processor.getName()));
      while (!caughtUp(streaming, head) && !(skipsThem && passedInMemory(streaming, head))) {
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

  private boolean caughtUp(StreamingEventProcessor processor, TrackingToken head) {
    return positions.cover(processor, head);
  }

  /** Whether it handles none of {@code types}, or only with a condition (docs/adr/0225). */
  private boolean handlesNone(EventProcessor processor, List<Class<?>> types) {
    return processor instanceof AbstractEventProcessor known
        && types.stream()
            .noneMatch(
                type ->
                    known.eventHandlerInvoker().canHandleType(type)
                        && !conditions.conditional(processor.getName(), type.getName()));
  }

  /** Every segment the store holds for it is running here, error-free, at or past {@code head}. */
  private boolean passedInMemory(StreamingEventProcessor processor, TrackingToken head) {
    Map<Integer, EventTrackerStatus> status = processor.processingStatus();
    Set<Integer> segments =
        positions.of(processor.getName()).stream()
            .map(StoredPositions.Position::segment)
            .collect(Collectors.toSet());
    return !status.isEmpty()
        && status.keySet().containsAll(segments)
        && status.values().stream()
            .allMatch(
                s ->
                    !s.isErrorState()
                        && s.getTrackingToken() != null
                        && s.getTrackingToken().covers(head));
  }
}
