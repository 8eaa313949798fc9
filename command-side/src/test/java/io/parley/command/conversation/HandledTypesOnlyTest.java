package io.parley.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.junit.jupiter.api.Test;

/** A subscribing processor behind {@link HandledTypesOnly} gets only the events it takes. */
class HandledTypesOnlyTest {
  record Taken(int n) {}

  record Ignored(int n) {}

  /** Takes {@code Taken} only, and counts how often it is asked. */
  static final class Invoker implements EventHandlerInvoker {
    int asked;

    @Override
    public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
      return canHandleType(eventMessage.getPayloadType());
    }

    @Override
    public boolean canHandleType(Class<?> payloadType) {
      asked++;
      return payloadType == Taken.class;
    }

    @Override
    public void handle(EventMessage<?> message, Segment segment) {}
  }

  private final List<Consumer<List<? extends EventMessage<?>>>> subscribers = new ArrayList<>();
  private final Invoker invoker = new Invoker();
  private final List<List<? extends EventMessage<?>>> received = new ArrayList<>();

  private void publish(Object... payloads) {
    List<EventMessage<?>> events = new ArrayList<>();
    for (Object payload : payloads) {
      events.add(GenericEventMessage.asEventMessage(payload));
    }
    subscribers.forEach(s -> s.accept(events));
  }

  private List<Object> payloads(List<? extends EventMessage<?>> events) {
    return events.stream().map(e -> (Object) e.getPayload()).toList();
  }

  @Test
  void eventsNoHandlerTakesNeverReachTheProcessorAndTypesAreAskedOnce() {
    new HandledTypesOnly(
            consumer -> {
              subscribers.add(consumer);
              return () -> true;
            },
            () -> invoker)
        .subscribe(received::add);

    publish(new Ignored(1));
    publish(new Taken(2), new Ignored(3), new Taken(4));
    publish(new Ignored(5), new Ignored(6));
    publish(new Taken(7));

    assertThat(received).hasSize(2);
    assertThat(payloads(received.get(0))).containsExactly(new Taken(2), new Taken(4));
    assertThat(payloads(received.get(1))).containsExactly(new Taken(7));
    assertThat(invoker.asked).as("once per payload type").isEqualTo(2);
  }
}
