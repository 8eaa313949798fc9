package io.parley.command.conversation;

import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.boot.test.context.TestComponent;

/**
 * Counts every event a {@link Conversation} event-sourcing handler applies, whether replayed while
 * loading or applied by a command: how much history a command really had to read.
 */
@TestComponent
public class EventReplayCounter implements HandlerEnhancerDefinition {
  private static final AtomicLong APPLIED = new AtomicLong();

  static long applied() {
    return APPLIED.get();
  }

  @Override
  public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
    if (!Conversation.class.equals(original.declaringClass())
        || !original.hasAnnotation(EventSourcingHandler.class)) {
      return original;
    }
    return new WrappedMessageHandlingMember<>(original) {
      @Override
      public Object handle(Message<?> message, T target) throws Exception {
        APPLIED.incrementAndGet();
        return super.handle(message, target);
      }
    };
  }
}
