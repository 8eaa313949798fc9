package io.parley.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * One span per handled command ({@code command SendMessageCommand}), a child of the dispatcher's
 * span, lasting until its unit of work is done; inside it a span {@code event append} covers
 * storing the events and committing. Events applied while the handler runs carry the command's
 * span, so every projection and push of them joins the same trace. A command of an unsampled trace
 * gets no span.
 */
final class CommandSpans implements MessageHandlerInterceptor<CommandMessage<?>> {
  private final TraceMetadata traces;

  CommandSpans(TraceMetadata traces) {
    this.traces = traces;
  }

  @Override
  public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
      throws Exception {
    CommandMessage<?> command = unitOfWork.getMessage();
    Tracer tracer = traces.tracer();
    if (!sampled(command, tracer)) {
      return chain.proceed();
    }
    Span span =
        traces.childOf(command).name("command " + simpleName(command.getCommandName())).start();
    AtomicReference<Span> append = new AtomicReference<>();
    unitOfWork.onPrepareCommit(u -> append.set(tracer.nextSpan(span).name("event append").start()));
    unitOfWork.afterCommit(u -> end(append.get(), null));
    unitOfWork.onRollback(u -> end(append.get(), u.getExecutionResult().getExceptionResult()));
    unitOfWork.onCleanup(u -> span.end());
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      return chain.proceed();
    } catch (Exception | Error e) {
      span.error(e);
      throw e;
    }
  }

  /**
   * Whether the command belongs to a sampled trace: the one in its metadata, or else the current
   * span's. An unsampled trace records nothing, so its command needs no span (ADR 0194, 0202): the
   * HTTP request's span stays current and the events carry its context.
   */
  private static boolean sampled(CommandMessage<?> command, Tracer tracer) {
    if (TraceMetadata.carries(command)) {
      return TraceMetadata.carriesSampled(command);
    }
    Span current = tracer.currentSpan();
    return current != null && Boolean.TRUE.equals(current.context().sampled());
  }

  private static void end(Span span, Throwable error) {
    if (span == null) {
      return;
    }
    if (error != null) {
      span.error(error);
    }
    span.end();
  }

  static String simpleName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
