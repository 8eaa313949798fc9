package io.parley.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * One span per event a processor handles ({@code message-timeline MessageSentEvent}), continuing
 * the trace in the event's metadata. Events without one, replayed events and events older than a
 * couple of minutes start nothing: a rebuild must not graft a million spans onto old traces. Nor do
 * events of an unsampled trace (most of them, at the default sampling): their span would record
 * nothing, and making it cost about a fifteenth of the CPU of a busy standalone process (ADR 0194).
 */
final class EventHandlingSpans implements MessageHandlerInterceptor<EventMessage<?>> {
  private final String processor;
  private final TraceMetadata traces;

  EventHandlingSpans(String processor, TraceMetadata traces) {
    this.processor = processor;
    this.traces = traces;
  }

  @Override
  public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain)
      throws Exception {
    EventMessage<?> event = unitOfWork.getMessage();
    // Cheapest first: reading the metadata of a lazily deserialized event parses it, which a
    // replay or a first catch-up would otherwise pay once per event and processor (ADR 0202).
    if (ReplayToken.isReplay(event)
        || !traces.recent(event.getTimestamp())
        || !TraceMetadata.carriesSampled(event)) {
      return chain.proceed();
    }
    Tracer tracer = traces.tracer();
    Span span =
        traces
            .childOf(event)
            .name(processor + " " + event.getPayloadType().getSimpleName())
            .tag("parley.processor", processor)
            .start();
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      return chain.proceed();
    } catch (Exception | Error e) {
      span.error(e);
      throw e;
    } finally {
      span.end();
    }
  }
}
