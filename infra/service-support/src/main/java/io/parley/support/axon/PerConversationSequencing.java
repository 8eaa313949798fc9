package io.parley.support.axon;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Which events a parallel processor must handle in order: those of one aggregate (a conversation or
 * an account), as Axon's default does, and also the events published outside any aggregate that
 * belong to a conversation (read and delivery markers), which the default would spread over
 * segments at random. A read marker handled in another segment than its conversation's messages
 * could be applied before the message it reads, and leave an unread count that never clears.
 *
 * <p>The identifier is the aggregate id as a string for aggregate events and the conversation (or
 * else user) id as a string for the others, so one conversation's events always share one segment.
 */
public final class PerConversationSequencing implements SequencingPolicy<EventMessage<?>> {
  public static final PerConversationSequencing INSTANCE = new PerConversationSequencing();

  private static final ClassValue<Method> KEY =
      new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
          if (!type.isRecord()) {
            return null;
          }
          for (String name : new String[] {"conversationId", "userId"}) {
            for (RecordComponent component : type.getRecordComponents()) {
              if (component.getName().equals(name) && component.getType() == UUID.class) {
                return component.getAccessor();
              }
            }
          }
          return null;
        }
      };

  private PerConversationSequencing() {}

  @Override
  public Object getSequenceIdentifierFor(EventMessage<?> event) {
    if (event instanceof DomainEventMessage<?> domain) {
      return domain.getAggregateIdentifier();
    }
    return sequenceOf(event.getPayload());
  }

  /** The conversation (or user) an event published outside an aggregate belongs to, or null. */
  public static String sequenceOf(Object payload) {
    Method accessor = payload == null ? null : KEY.get(payload.getClass());
    if (accessor == null) {
      return null;
    }
    try {
      Object id = accessor.invoke(payload);
      return id == null ? null : id.toString();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read the sequence key of " + payload.getClass(), e);
    }
  }
}
