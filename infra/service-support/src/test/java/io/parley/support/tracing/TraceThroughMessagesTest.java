package io.parley.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

class TraceThroughMessagesTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final io.opentelemetry.api.trace.Tracer otel =
      SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(spans))
          .build()
          .get("test");
  private final OtelCurrentTraceContext current = new OtelCurrentTraceContext();
  private final Tracer tracer =
      new OtelTracer(
          otel, current, event -> {}, new OtelBaggageManager(current, List.of(), List.of()));
  private final TraceMetadata traces =
      new TraceMetadata(
          tracer,
          new OtelPropagator(
              ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel),
          Clock.systemUTC());

  private EventMessage<?> eventSentInside(Span span) {
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      return GenericEventMessage.asEventMessage("sent")
          .andMetaData(new TraceCorrelation(traces).correlationDataFor(null));
    }
  }

  private void handle(String processor, EventMessage<?> event) throws Exception {
    UnitOfWork<EventMessage<?>> unitOfWork = new DefaultUnitOfWork<>(event);
    unitOfWork.executeWithResult(
        () -> new EventHandlingSpans(processor, traces).handle(unitOfWork, () -> null));
  }

  @Test
  void anEventCreatedInsideASpanIsHandledInAChildSpanOfTheSameTrace() throws Exception {
    Span send = tracer.nextSpan().name("send").start();
    EventMessage<?> event = eventSentInside(send);
    send.end();

    assertThat(event.getMetaData()).containsKey(TraceMetadata.TRACEPARENT);
    handle("inbox", event);

    SpanData handled = named("inbox String");
    assertThat(handled.getTraceId()).isEqualTo(send.context().traceId());
    assertThat(handled.getParentSpanId()).isEqualTo(send.context().spanId());
  }

  @Test
  void anEventOutsideATraceOrLongAgoStartsNoSpan() throws Exception {
    handle("inbox", GenericEventMessage.asEventMessage("untraced"));
    Span send = tracer.nextSpan().name("send").start();
    EventMessage<?> traced = eventSentInside(send);
    send.end();
    handle(
        "inbox",
        new GenericEventMessage<>(
            traced.getIdentifier(),
            "old",
            MetaData.from(Map.copyOf(traced.getMetaData())),
            Instant.now().minus(TraceMetadata.CONTINUE_WITHIN).minusSeconds(1)));

    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("send");
  }

  @Test
  void anEventOfAnUnsampledTraceIsHandledWithoutASpan() throws Exception {
    Span send = tracer.nextSpan().name("send").start();
    EventMessage<?> sampled = eventSentInside(send);
    send.end();
    String traceparent = sampled.getMetaData().get(TraceMetadata.TRACEPARENT).toString();
    assertThat(traceparent).endsWith("-01");
    EventMessage<?> unsampled =
        GenericEventMessage.asEventMessage("unsampled").andMetaData(unsampled(traceparent));
    List<Span> inHandler =
        spansInHandler(new EventHandlingSpans("inbox", traces), List.of(unsampled, sampled));

    assertThat(inHandler.get(0)).as("no span made for an unsampled trace").isNull();
    assertThat(inHandler.get(1).context().traceId()).isEqualTo(send.context().traceId());
  }

  @Test
  void aCommandOfASampledTraceIsHandledInItsOwnSpanAndOneOfAnUnsampledTraceInNone()
      throws Exception {
    Span send = tracer.nextSpan().name("POST /messages").start();
    Map<String, ?> traced;
    try (Tracer.SpanInScope scope = tracer.withSpan(send)) {
      traced = new TraceCorrelation(traces).correlationDataFor(null);
    } finally {
      send.end();
    }
    String traceparent = traced.get(TraceMetadata.TRACEPARENT).toString();
    CommandMessage<?> sampled =
        GenericCommandMessage.asCommandMessage("sampled").andMetaData(traced);
    CommandMessage<?> unsampled =
        GenericCommandMessage.asCommandMessage("unsampled").andMetaData(unsampled(traceparent));
    List<Span> inHandler = spansInHandler(new CommandSpans(traces), List.of(unsampled, sampled));

    assertThat(inHandler.get(0)).as("no span made for an unsampled trace").isNull();
    assertThat(inHandler.get(1).context().traceId()).isEqualTo(send.context().traceId());
    assertThat(spans.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("POST /messages", "command String", "event append");
    assertThat(named("command String").getParentSpanId()).isEqualTo(send.context().spanId());
  }

  @Test
  void aHandoffRunsInAChildSpanOnAnotherThread() throws Exception {
    Span delivery = tracer.nextSpan().name("push-delivery").start();
    Runnable task;
    try (Tracer.SpanInScope scope = tracer.withSpan(delivery)) {
      task = new Handoffs(tracer).continued("push lane", () -> {});
    } finally {
      delivery.end();
    }
    Thread lane = new Thread(task);
    lane.start();
    lane.join();

    assertThat(named("push lane").getParentSpanId()).isEqualTo(delivery.context().spanId());
    assertThat(new Handoffs(tracer).continued("push lane", task)).isSameAs(task);
  }

  /** The same trace context with the sampled flag cleared. */
  private static Map<String, String> unsampled(String traceparent) {
    return Map.of(
        TraceMetadata.TRACEPARENT, traceparent.substring(0, traceparent.length() - 2) + "00");
  }

  /** The span current inside the handler of each message, run through the interceptor. */
  private <M extends Message<?>> List<Span> spansInHandler(
      MessageHandlerInterceptor<M> interceptor, List<M> messages) throws Exception {
    List<Span> inHandler = new java.util.ArrayList<>();
    for (M message : messages) {
      UnitOfWork<M> unitOfWork = new DefaultUnitOfWork<>(message);
      unitOfWork.executeWithResult(
          () ->
              interceptor.handle(
                  unitOfWork,
                  () -> {
                    inHandler.add(tracer.currentSpan());
                    return null;
                  }));
    }
    return inHandler;
  }

  private SpanData named(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(span -> span.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + spans.getFinishedSpanItems()));
  }
}
