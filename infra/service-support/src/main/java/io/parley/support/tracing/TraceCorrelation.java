package io.parley.support.tracing;

import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Every message created while a handler runs (the events a command applies above all) carries the
 * handler's span as its parent. Axon asks correlation providers when the message is created, inside
 * the handler's span; dispatch interceptors run only when the unit of work commits, after it.
 */
final class TraceCorrelation implements CorrelationDataProvider {
  private final TraceMetadata traces;

  TraceCorrelation(TraceMetadata traces) {
    this.traces = traces;
  }

  @Override
  public Map<String, ?> correlationDataFor(Message<?> message) {
    return traces.current();
  }
}
