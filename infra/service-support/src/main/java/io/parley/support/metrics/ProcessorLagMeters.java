package io.parley.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Gauges {@code parley.processor.lag.events} and {@code parley.processor.lag.seconds} per processor
 * of this process, from {@link ProcessorLag}. One scrape reads the head and every processor's lag
 * once: the figures are measured together and kept for {@code maxAge}, so two gauges of one
 * processor agree and a scrape costs one round of queries.
 */
public class ProcessorLagMeters {
  private final EventProcessingConfiguration processing;
  private final ProcessorLag lag;
  private final ObjectProvider<MeterRegistry> meters;
  private final Clock clock;
  private final Duration maxAge;
  private Instant measuredAt = Instant.MIN;
  private Map<String, ProcessorLag.Lag> latest = Map.of();

  public ProcessorLagMeters(
      EventProcessingConfiguration processing,
      ProcessorLag lag,
      ObjectProvider<MeterRegistry> meters,
      Clock clock,
      Duration maxAge) {
    this.processing = processing;
    this.lag = lag;
    this.meters = meters;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** Processors exist once Axon has started: the gauges are registered then. */
  @EventListener(ApplicationReadyEvent.class)
  void registerGauges() {
    meters.ifAvailable(this::bindTo);
  }

  void bindTo(MeterRegistry registry) {
    for (String processor : processing.eventProcessors().keySet()) {
      gauge(registry, "parley.processor.lag.events", processor, ProcessorLag.Lag::events);
      gauge(registry, "parley.processor.lag.seconds", processor, ProcessorLag.Lag::seconds);
    }
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String processor,
      Function<ProcessorLag.Lag, Number> figure) {
    ToDoubleFunction<ProcessorLagMeters> read =
        self -> {
          ProcessorLag.Lag current = self.current().get(processor);
          Number value = current == null ? null : figure.apply(current);
          return value == null ? Double.NaN : value.doubleValue();
        };
    Gauge.builder(name, this, read)
        .description("How far the processor runs behind the head of the event log")
        .tag("processor", processor)
        .strongReference(true)
        .register(registry);
  }

  /** Every processor's lag, measured at most once per {@code maxAge}. */
  synchronized Map<String, ProcessorLag.Lag> current() {
    Instant now = clock.instant();
    if (measuredAt.plus(maxAge).isAfter(now)) {
      return latest;
    }
    Map<String, ProcessorLag.Lag> measured = new HashMap<>();
    try {
      long head = lag.head();
      for (EventProcessor processor : processing.eventProcessors().values()) {
        measured.put(processor.getName(), lag.of(processor, head));
      }
    } catch (RuntimeException storeUnreachable) {
      // the gauges read NaN meanwhile; the store's health component says why
    }
    latest = measured;
    measuredAt = now;
    return latest;
  }
}
