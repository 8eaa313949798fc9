package io.parley.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;

class ProcessorLagTest {
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

  private final EventStore store = mock(EventStore.class);
  private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
  private final ProcessorLag lag = new ProcessorLag(store, jdbc, Clock.fixed(NOW, ZoneOffset.UTC));

  private static StreamingEventProcessor processor(String name, long... positions) {
    StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    when(processor.getName()).thenReturn(name);
    Map<Integer, EventTrackerStatus> segments = new java.util.HashMap<>();
    for (int i = 0; i < positions.length; i++) {
      EventTrackerStatus status = mock(EventTrackerStatus.class);
      when(status.getCurrentPosition()).thenReturn(OptionalLong.of(positions[i]));
      segments.put(i, status);
    }
    when(processor.processingStatus()).thenReturn(segments);
    return processor;
  }

  private void nextEventAppendedAt(long after, Instant appended) {
    when(jdbc.queryForList(anyString(), eq(String.class), eq(after)))
        .thenReturn(List.of(appended.toString()));
  }

  @Test
  void aProcessorBehindLagsByItsSlowestSegmentInEventsAndByTheAgeOfItsNextEventInSeconds() {
    nextEventAppendedAt(5, NOW.minusMillis(2_500));
    ProcessorLag.Lag behind = lag.of(processor("inbox", 9, 5), 12);
    assertThat(behind.position()).isEqualTo(5);
    assertThat(behind.head()).isEqualTo(12);
    assertThat(behind.events()).isEqualTo(7);
    assertThat(behind.seconds()).isEqualTo(2.5);
  }

  @Test
  void aProcessorAtTheHeadLagsZeroWithoutReadingTheLog() {
    ProcessorLag.Lag atHead = lag.of(processor("inbox", 12, 12), 12);
    assertThat(atHead.events()).isZero();
    assertThat(atHead.seconds()).isZero();
    verify(jdbc, never()).queryForList(anyString(), eq(String.class), any(Object[].class));
  }

  @Test
  void aProcessorWithNoPositionHereHasNoLagRatherThanZero() {
    EventProcessor subscribing = mock(EventProcessor.class);
    ProcessorLag.Lag unknown = lag.of(subscribing, 12);
    assertThat(unknown.events()).isNull();
    assertThat(unknown.seconds()).isNull();
    assertThat(lag.of(processor("push-delivery"), 12).events()).isNull();
  }

  @Test
  void aLogThatCannotBeReadHereGivesNoLagInSecondsRatherThanAnError() {
    when(jdbc.queryForList(anyString(), eq(String.class), eq(2L)))
        .thenThrow(new org.springframework.jdbc.BadSqlGrammarException("no table", "SELECT", null));
    ProcessorLag.Lag behind = lag.of(processor("inbox", 2), 4);
    assertThat(behind.events()).isEqualTo(2);
    assertThat(behind.seconds()).isNull();
  }

  @Test
  void anEventStampedAfterNowCountsAsNoLagInSeconds() {
    nextEventAppendedAt(3, NOW.plusSeconds(1)); // another host's clock runs ahead
    assertThat(lag.of(processor("inbox", 3), 4).seconds()).isZero();
  }

  @Test
  void theGaugesShowTheSameFiguresAsTheComputationAndOneScrapeReadsTheLogOnce() {
    StreamingEventProcessor inbox = processor("inbox", 5);
    EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    when(processing.eventProcessors()).thenReturn(Map.of("inbox", inbox));
    when(store.createHeadToken()).thenReturn(new GlobalSequenceTrackingToken(8));
    nextEventAppendedAt(5, NOW.minusSeconds(4));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("registry", registry);
    ProcessorLagMeters meters =
        new ProcessorLagMeters(
            processing,
            lag,
            beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofSeconds(1));
    meters.registerGauges();

    double events =
        registry.get("parley.processor.lag.events").tag("processor", "inbox").gauge().value();
    double seconds =
        registry.get("parley.processor.lag.seconds").tag("processor", "inbox").gauge().value();

    ProcessorLag.Lag direct = lag.of(inbox, lag.head());
    assertThat(events).isEqualTo(3.0).isEqualTo(direct.events().doubleValue());
    assertThat(seconds).isEqualTo(4.0).isEqualTo(direct.seconds());
    // both gauges from one measurement, plus the direct call above
    verify(jdbc, times(2)).queryForList(anyString(), eq(String.class), eq(5L));
  }
}
