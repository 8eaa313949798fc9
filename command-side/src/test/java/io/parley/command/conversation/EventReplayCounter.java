package io.parley.command.conversation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.DomainEventMessage;
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
  private static final Map<String, AtomicLong> APPLIED = new ConcurrentHashMap<>();

  /**
   * Events applied to the one conversation: other tests' aggregates, in this or another cached
   * context of the same JVM, may load meanwhile.
   */
  static long applied(String aggregateId) {
    AtomicLong count = APPLIED.get(aggregateId);
    return count == null ? 0 : count.get();
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
        // a new aggregate's first event has no identifier yet while it is applied
        if (message instanceof DomainEventMessage<?> event
            && event.getAggregateIdentifier() != null) {
          APPLIED
              .computeIfAbsent(event.getAggregateIdentifier(), id -> new AtomicLong())
              .incrementAndGet();
        }
        return super.handle(message, target);
      }
    };
  }
}
