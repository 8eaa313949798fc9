package io.parley.support.axon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Makes parked events visible at once (docs/adr/0080): a gauge {@code parley.events.parked} per
 * processor, and a health component that turns {@code DEGRADED} naming each processor with parked
 * events; the conversation (or user) whose events wait behind a parked one is named by the operator
 * API only. A parked event stops only its own sequence, so the service stays up; the operator
 * retries or drops it with {@code parley dead-letters}.
 */
public class ParkedEvents extends AbstractHealthIndicator {
  public static final Status DEGRADED = new Status("DEGRADED");

  /** Named sequences per health answer: enough to act on, bounded however much is parked. */
  private static final int SHOWN = 20;

  private final EventProcessingConfiguration processing;
  private final ObjectProvider<MeterRegistry> meters;

  public ParkedEvents(
      EventProcessingConfiguration processing, ObjectProvider<MeterRegistry> meters) {
    super("Reading the dead-letter queues failed");
    this.processing = processing;
    this.meters = meters;
  }

  /** One parked sequence: the first (failing) event of a conversation's or user's events. */
  public record Parked(
      String processor,
      String conversation,
      long events,
      String eventId,
      String eventType,
      String cause) {}

  public List<Parked> parked() {
    List<Parked> parked = new ArrayList<>();
    for (String processor : processing.eventProcessors().keySet()) {
      SequencedDeadLetterQueue<EventMessage<?>> queue =
          processing.deadLetterQueue(processor).orElse(null);
      if (queue == null) {
        continue;
      }
      for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
        if (parked.size() >= SHOWN) {
          return parked;
        }
        DeadLetter<? extends EventMessage<?>> first = null;
        long events = 0;
        for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
          first = first == null ? letter : first;
          events++;
        }
        if (first != null) {
          parked.add(describe(processor, first, events));
        }
      }
    }
    return parked;
  }

  private static Parked describe(
      String processor, DeadLetter<? extends EventMessage<?>> letter, long events) {
    EventMessage<?> event = letter.message();
    return new Parked(
        processor,
        conversationOf(event),
        events,
        event.getIdentifier(),
        event.getPayloadType().getSimpleName(),
        letter.cause().map(cause -> cause.type()).orElse(null));
  }

  /** The conversation (or user) the event's sequence belongs to, as the sequencing policy says. */
  public static String conversationOf(EventMessage<?> event) {
    try {
      String sequence = PerConversationSequencing.sequenceOf(event.getPayload());
      if (sequence != null) {
        return sequence;
      }
    } catch (RuntimeException unreadable) {
      // the payload itself may be what failed; the aggregate still names the sequence
    }
    return event instanceof DomainEventMessage<?> domain
        ? domain.getAggregateIdentifier()
        : event.getIdentifier();
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    List<Parked> parked;
    try {
      parked = parked();
    } catch (RuntimeException notYetKnown) {
      // processors not configured yet, or the store unreachable (its own component says so)
      health.up().withDetail("parked", "unknown: " + notYetKnown.getClass().getSimpleName());
      return;
    }
    if (parked.isEmpty()) {
      health.up();
      return;
    }
    List<Map<String, Object>> degraded = new ArrayList<>();
    for (Parked p : parked) {
      Map<String, Object> line = new LinkedHashMap<>();
      // Health is public: which conversation and event are parked is for the operator API only
      // (/api/admin/dead-letters on the management port; docs/adr/0126).
      line.put("processor", p.processor());
      line.put("parkedEvents", p.events());
      line.put("eventType", p.eventType());
      line.put("cause", p.cause());
      degraded.add(line);
    }
    health.status(DEGRADED).withDetail("degraded", degraded);
  }

  /** Processors exist once Axon has started: gauges are registered then. */
  @EventListener(ApplicationReadyEvent.class)
  void registerGauges() {
    meters.ifAvailable(this::bindTo);
  }

  void bindTo(MeterRegistry registry) {
    for (String processor : processing.eventProcessors().keySet()) {
      if (processing.deadLetterQueue(processor).isEmpty()) {
        continue;
      }
      Gauge.builder("parley.events.parked", () -> size(processor))
          .description("Events a projection could not apply, parked with their sequence")
          .tag("processor", processor)
          .register(registry);
    }
  }

  private double size(String processor) {
    try {
      return processing.deadLetterQueue(processor).map(q -> (double) q.size()).orElse(0.0);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
