package io.parley.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/**
 * Carries the current trace onto another thread: the task handed over runs in a child span named
 * {@code name}. Outside a trace the task is returned as it is, at no cost.
 */
public final class Handoffs {
  public static final Handoffs NONE = new Handoffs(Tracer.NOOP);

  private final Tracer tracer;

  public Handoffs(Tracer tracer) {
    this.tracer = tracer;
  }

  public Runnable continued(String name, Runnable task) {
    Span parent = tracer.currentSpan();
    if (parent == null) {
      return task;
    }
    return () -> {
      Span span = tracer.nextSpan(parent).name(name).start();
      try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
        task.run();
      } catch (RuntimeException | Error e) {
        span.error(e);
        throw e;
      } finally {
        span.end();
      }
    };
  }
}
