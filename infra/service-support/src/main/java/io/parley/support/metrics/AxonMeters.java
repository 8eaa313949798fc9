package io.parley.support.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;

/**
 * Axon's command bus, event store and event processor meters (docs/metrics.md, docs/adr/0202),
 * under the names and tags of {@code axon-micrometer}'s dimensional monitors, at a fraction of
 * their cost: the meters of a (component, payload type) are looked up once and kept, where those
 * monitors built and looked up a dozen meters in the registry for every message each processor saw
 * and fed two client-side percentile histograms per message.
 *
 * <p>Per payload type: {@code ingestedCounter}, {@code successCounter}, {@code failureCounter},
 * {@code ignoredCounter}, {@code processedCounter} (success + failure), {@code allTimer} (count,
 * sum, max; no quantiles) and {@code capacity} (handling time over the last minute ÷ the minute).
 * Per processor: {@code latency}, the age in milliseconds of the last event it handled (not one it
 * ignored), when it handled it.
 */
public final class AxonMeters {
  static final String PAYLOAD_TYPE = "payloadType";
  static final String PROCESSOR_NAME = "processorName";
  static final String PROCESSORS = "eventProcessor";

  private final MeterRegistry registry;
  private final LongSupplier nanoTime;
  private final LongSupplier wallMillis;

  public AxonMeters(MeterRegistry registry) {
    this(registry, System::nanoTime, System::currentTimeMillis);
  }

  AxonMeters(MeterRegistry registry, LongSupplier nanoTime, LongSupplier wallMillis) {
    this.registry = registry;
    this.nanoTime = nanoTime;
    this.wallMillis = wallMillis;
  }

  /** The monitor of one Axon component, as {@code Configurer.configureMessageMonitor} asks. */
  public MessageMonitor<Message<?>> monitor(Class<?> componentType, String name) {
    if (EventProcessor.class.isAssignableFrom(componentType)) {
      AtomicLong latency = new AtomicLong();
      Gauge.builder(PROCESSORS + ".latency", latency, AtomicLong::get)
          .description("Age in ms of the last event the processor handled, when it handled it")
          .tag(PROCESSOR_NAME, name)
          .register(registry);
      return new Monitor(PROCESSORS, Tags.of(PROCESSOR_NAME, name), latency);
    }
    if (CommandBus.class.isAssignableFrom(componentType)
        || EventBus.class.isAssignableFrom(componentType)) {
      return new Monitor(name, Tags.empty(), null);
    }
    return NoOpMessageMonitor.instance();
  }

  /** The meters of one payload type on one component. */
  private final class Meters {
    final Counter ingested;
    final Counter success;
    final Counter failure;
    final Counter ignored;
    final Counter processed;
    final Timer all;
    final BusyWindow busy = new BusyWindow();

    Meters(String prefix, Tags tags) {
      ingested = counter(prefix + ".ingestedCounter", tags);
      success = counter(prefix + ".successCounter", tags);
      failure = counter(prefix + ".failureCounter", tags);
      ignored = counter(prefix + ".ignoredCounter", tags);
      processed = counter(prefix + ".processedCounter", tags);
      all = Timer.builder(prefix + ".allTimer").tags(tags).register(registry);
      Gauge.builder(prefix + ".capacity", () -> busy.share(nanoTime.getAsLong()))
          .tags(tags)
          .register(registry);
    }

    private Counter counter(String name, Tags tags) {
      return Counter.builder(name).tags(tags).register(registry);
    }
  }

  private final class Monitor implements MessageMonitor<Message<?>> {
    private final String prefix;
    private final Tags tags;
    private final AtomicLong latency;
    private final Map<Class<?>, Meters> byPayload = new ConcurrentHashMap<>();

    Monitor(String prefix, Tags tags, AtomicLong latency) {
      this.prefix = prefix;
      this.tags = tags;
      this.latency = latency;
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
      Meters meters = byPayload.get(message.getPayloadType());
      if (meters == null) {
        meters =
            byPayload.computeIfAbsent(
                message.getPayloadType(),
                type -> new Meters(prefix, tags.and(PAYLOAD_TYPE, type.getSimpleName())));
      }
      meters.ingested.increment();
      EventMessage<?> event = latency != null && message instanceof EventMessage<?> e ? e : null;
      return new Handling(meters, nanoTime.getAsLong(), event);
    }

    /** One message's handling; {@code event} is set when the processor's latency is kept. */
    private final class Handling implements MonitorCallback {
      private final Meters meters;
      private final long start;
      private final EventMessage<?> event;

      Handling(Meters meters, long start, EventMessage<?> event) {
        this.meters = meters;
        this.start = start;
        this.event = event;
      }

      @Override
      public void reportSuccess() {
        meters.success.increment();
        meters.processed.increment();
        handled();
      }

      @Override
      public void reportFailure(Throwable cause) {
        meters.failure.increment();
        meters.processed.increment();
        handled();
      }

      /**
       * The latency of an event the processor handled. Not of one it ignored: reading the timestamp
       * of a lazily deserialized event costs a parse, about 2% of a replay's CPU for events most
       * processors have no handler for.
       */
      private void handled() {
        if (event != null) {
          latency.set(wallMillis.getAsLong() - event.getTimestamp().toEpochMilli());
        }
        took();
      }

      @Override
      public void reportIgnored() {
        meters.ignored.increment();
        took();
      }

      private void took() {
        long end = nanoTime.getAsLong();
        long took = Math.max(0, end - start);
        meters.all.record(took, TimeUnit.NANOSECONDS);
        meters.busy.add(end, took);
      }
    }
  }
}
