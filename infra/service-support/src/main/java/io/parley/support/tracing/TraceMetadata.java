package io.parley.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.Message;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) in an Axon message's metadata
 * (docs/adr/0125): stamped when a command or event is dispatched inside a trace, read back by
 * whichever process handles it, so one send is one trace across the command side, the projections
 * and the push gateway. The same key Axon's own OpenTelemetry module uses.
 */
public final class TraceMetadata {
  public static final String TRACEPARENT = "traceparent";

  /** Older events (a replay, a retried dead letter hours later) start no span in their trace. */
  static final Duration CONTINUE_WITHIN = Duration.ofMinutes(2);

  private final Tracer tracer;
  private final Propagator propagator;
  private final Clock clock;

  public TraceMetadata(Tracer tracer, Propagator propagator, Clock clock) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.clock = clock;
  }

  public Tracer tracer() {
    return tracer;
  }

  /** The current span's context as metadata entries; empty outside a trace. */
  Map<String, String> current() {
    Span span = tracer.currentSpan();
    if (span == null) {
      return Map.of();
    }
    Map<String, String> carrier = new HashMap<>(4);
    propagator.inject(span.context(), carrier, Map::put);
    return carrier;
  }

  static boolean carries(Message<?> message) {
    return message.getMetaData().containsKey(TRACEPARENT);
  }

  /**
   * Whether the message carries a trace its sender sampled: the sampled flag of a well-formed
   * {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), or any other value, which the
   * propagator judges. An unsampled trace records nothing in any process (the sampler follows the
   * parent), so a handler need not make a span for it.
   */
  static boolean carriesSampled(Message<?> message) {
    Object value = message.getMetaData().get(TRACEPARENT);
    if (value == null) {
      return false;
    }
    String traceparent = value.toString();
    if (traceparent.length() != 55 || traceparent.charAt(52) != '-') {
      return true;
    }
    int flags = Character.digit(traceparent.charAt(54), 16);
    return flags < 0 || (flags & 1) == 1;
  }

  boolean recent(Instant timestamp) {
    return timestamp.isAfter(clock.instant().minus(CONTINUE_WITHIN));
  }

  /** A span continuing the trace in the message's metadata, or the current one if it has none. */
  Span.Builder childOf(Message<?> message) {
    return propagator.extract(message.getMetaData(), TraceMetadata::entry);
  }

  private static String entry(Map<String, ?> metaData, String key) {
    Object value = metaData.get(key);
    return value == null ? null : value.toString();
  }
}
