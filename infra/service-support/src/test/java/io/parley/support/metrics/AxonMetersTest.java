package io.parley.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.junit.jupiter.api.Test;

class AxonMetersTest {
  record Sent(String text) {}

  record Joined(String who) {}

  record Send(String text) {}

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final AtomicLong wallMillis = new AtomicLong(1_700_000_000_000L);
  private final AxonMeters meters = new AxonMeters(registry, nanos::get, wallMillis::get);

  private static Message<?> event(Object payload, long timestampMillis) {
    return new GenericEventMessage<>(
        UUID.randomUUID().toString(), payload, Map.of(), Instant.ofEpochMilli(timestampMillis));
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void aProcessorCountsAndTimesEachPayloadTypeUnderItsNameAndShowsTheAgeOfTheLastEventItHandled() {
    MessageMonitor<Message<?>> timeline = meters.monitor(TrackingEventProcessor.class, "timeline");

    MessageMonitor.MonitorCallback first =
        timeline.onMessageIngested(event(new Sent("a"), wallMillis.get() - 40));
    nanos.addAndGet(3_000_000);
    first.reportSuccess();
    MessageMonitor.MonitorCallback second =
        timeline.onMessageIngested(event(new Sent("b"), wallMillis.get() - 7));
    nanos.addAndGet(1_000_000);
    second.reportFailure(new IllegalStateException("the store is down"));
    timeline.onMessageIngested(event(new Joined("c"), wallMillis.get() - 5)).reportIgnored();

    String[] sent = {"payloadType", "Sent", "processorName", "timeline"};
    assertThat(count("eventProcessor.ingestedCounter", sent)).isEqualTo(2);
    assertThat(count("eventProcessor.successCounter", sent)).isEqualTo(1);
    assertThat(count("eventProcessor.failureCounter", sent)).isEqualTo(1);
    assertThat(count("eventProcessor.processedCounter", sent)).isEqualTo(2);
    assertThat(count("eventProcessor.ignoredCounter", sent)).isZero();
    var timer = registry.get("eventProcessor.allTimer").tags(sent).timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(4.0);
    String[] joined = {"payloadType", "Joined", "processorName", "timeline"};
    assertThat(count("eventProcessor.ignoredCounter", joined)).isEqualTo(1);
    assertThat(count("eventProcessor.processedCounter", joined)).isZero();
    assertThat(
            registry
                .get("eventProcessor.latency")
                .tags("processorName", "timeline")
                .gauge()
                .value())
        .as("the last event handled (the failed one), not the ignored one after it")
        .isEqualTo(7.0);
    // 4 ms of handling in the last minute
    assertThat(registry.get("eventProcessor.capacity").tags(sent).gauge().value())
        .isCloseTo(0.004 / 60, offset(1e-12));
  }

  @Test
  void theLatencyGaugeIsPerProcessorAndTheCapacityForgetsHandlingOlderThanAMinute() {
    MessageMonitor<Message<?>> inbox = meters.monitor(TrackingEventProcessor.class, "inbox");
    meters.monitor(TrackingEventProcessor.class, "search");
    MessageMonitor.MonitorCallback handling =
        inbox.onMessageIngested(event(new Sent("a"), wallMillis.get() - 12));
    nanos.addAndGet(6_000_000_000L); // six busy seconds
    handling.reportSuccess();

    assertThat(
            registry.get("eventProcessor.latency").tags("processorName", "inbox").gauge().value())
        .isEqualTo(12.0);
    assertThat(
            registry.get("eventProcessor.latency").tags("processorName", "search").gauge().value())
        .isZero();
    var capacity =
        registry
            .get("eventProcessor.capacity")
            .tags("payloadType", "Sent", "processorName", "inbox")
            .gauge();
    assertThat(capacity.value()).isCloseTo(0.1, offset(1e-9));
    nanos.addAndGet(61_000_000_000L);
    assertThat(capacity.value()).isZero();
  }

  @Test
  void theCommandBusAndTheEventStoreAreTaggedByPayloadTypeOnlyAndOtherComponentsAreNotMonitored() {
    MessageMonitor<Message<?>> bus = meters.monitor(SimpleCommandBus.class, "commandBus");
    bus.onMessageIngested(GenericCommandMessage.asCommandMessage(new Send("x"))).reportSuccess();
    MessageMonitor<Message<?>> store = meters.monitor(EmbeddedEventStore.class, "eventStore");
    store.onMessageIngested(event(new Sent("x"), wallMillis.get())).reportSuccess();

    assertThat(count("commandBus.successCounter", "payloadType", "Send")).isEqualTo(1);
    assertThat(registry.get("commandBus.allTimer").tags("payloadType", "Send").timer().count())
        .isEqualTo(1);
    assertThat(count("eventStore.ingestedCounter", "payloadType", "Sent")).isEqualTo(1);
    List<String> tagKeys =
        registry.getMeters().stream()
            .filter(meter -> meter.getId().getName().startsWith("commandBus."))
            .map(Meter::getId)
            .flatMap(id -> id.getTags().stream().map(tag -> tag.getKey()))
            .distinct()
            .toList();
    assertThat(tagKeys).containsExactly("payloadType");
    assertThat(registry.find("eventStore.latency").meters()).isEmpty();
    assertThat(meters.monitor(SimpleQueryBus.class, "queryBus"))
        .isSameAs(NoOpMessageMonitor.instance());
  }
}
