package io.parley.support.tracing;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Writes the current trace context into every command and event dispatched inside a trace, so the
 * handler, in this process or another, continues it. A message that already carries one keeps it.
 */
final class TraceStamp<T extends Message<?>> implements MessageDispatchInterceptor<T> {
  private final TraceMetadata traces;

  TraceStamp(TraceMetadata traces) {
    this.traces = traces;
  }

  @Override
  @SuppressWarnings("unchecked")
  public BiFunction<Integer, T, T> handle(List<? extends T> messages) {
    return (index, message) -> {
      if (TraceMetadata.carries(message)) {
        return message;
      }
      Map<String, String> context = traces.current();
      return context.isEmpty() ? message : (T) message.andMetaData(context);
    };
  }
}
