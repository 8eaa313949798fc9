package io.parley.command.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.SubscribableMessageSource;

/**
 * The event bus as a subscribing processor sees it when it only gets the events its handlers take
 * (docs/adr/0209). Axon's subscribing processor opens a unit of work, its interceptors and spans
 * for every event it is given, even one no handler takes; on the send path that was a fifth of a
 * command's cost for the lookups, which take no part in a send since its row goes out with the
 * event.
 */
final class HandledTypesOnly implements SubscribableMessageSource<EventMessage<?>> {
  private final SubscribableMessageSource<? extends EventMessage<?>> source;
  private final Supplier<EventHandlerInvoker> invoker;
  private final Map<Class<?>, Boolean> handled = new ConcurrentHashMap<>();

  /**
   * @param invoker the processor's handlers, asked once per payload type (the processor exists only
   *     once its source is built, so it is looked up when the first event arrives)
   */
  HandledTypesOnly(
      SubscribableMessageSource<? extends EventMessage<?>> source,
      Supplier<EventHandlerInvoker> invoker) {
    this.source = source;
    this.invoker = invoker;
  }

  @Override
  public Registration subscribe(Consumer<List<? extends EventMessage<?>>> consumer) {
    return source.subscribe(
        events -> {
          List<? extends EventMessage<?>> taken = taken(events);
          if (!taken.isEmpty()) {
            consumer.accept(taken);
          }
        });
  }

  private List<? extends EventMessage<?>> taken(List<? extends EventMessage<?>> events) {
    int count = 0;
    for (EventMessage<?> event : events) {
      if (handles(event)) {
        count++;
      }
    }
    if (count == events.size()) {
      return events;
    }
    List<EventMessage<?>> taken = new ArrayList<>(count);
    for (EventMessage<?> event : events) {
      if (handles(event)) {
        taken.add(event);
      }
    }
    return taken;
  }

  private boolean handles(EventMessage<?> event) {
    return handled.computeIfAbsent(
        event.getPayloadType(), type -> invoker.get().canHandleType(type));
  }
}
