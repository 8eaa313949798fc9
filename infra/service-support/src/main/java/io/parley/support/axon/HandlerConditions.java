package io.parley.support.axon;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;

/**
 * Gives a handler annotated {@link HandledWhen} its condition: Axon then asks the condition, with
 * the handler's payload type, whether the handler can handle an event. Everything Axon decides from
 * that answer follows (docs/adr/0225): an event no handler of a processor can handle is ignored,
 * and a pooled processor stores no position for a batch of ignored events.
 */
public class HandlerConditions implements HandlerEnhancerDefinition {
  private final Map<Class<?>, Predicate<Object>> conditions = new ConcurrentHashMap<>();
  private final Set<String> conditioned = ConcurrentHashMap.newKeySet();

  @Override
  public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
    return original
        .unwrap(Method.class)
        .map(method -> method.getAnnotation(HandledWhen.class))
        .map(
            when -> {
              ProcessingGroup group =
                  original.declaringClass().getAnnotation(ProcessingGroup.class);
              if (group != null) {
                conditioned.add(key(group.value(), original.payloadType().getName()));
              }
              return conditioned(
                  original, conditions.computeIfAbsent(when.value(), this::instance));
            })
        .orElse(original);
  }

  /**
   * Whether a handler of {@code processor} for {@code payloadType} (a class name) has a condition:
   * such an event may have been skipped, and a skipped event leaves no committed position behind. A
   * read that waits for the processor then counts its progress in this process instead, as for a
   * type it does not handle at all (ReadBarrier).
   */
  public boolean conditional(String processor, String payloadType) {
    return conditioned.contains(key(processor, payloadType));
  }

  private static String key(String processor, String payloadType) {
    return processor + "/" + payloadType;
  }

  private static <T> MessageHandlingMember<T> conditioned(
      MessageHandlingMember<T> original, Predicate<Object> condition) {
    return new WrappedMessageHandlingMember<>(original) {
      @Override
      public boolean canHandle(Message<?> message) {
        return super.canHandle(message) && condition.test(message.getPayload());
      }
    };
  }

  @SuppressWarnings("unchecked")
  private Predicate<Object> instance(Class<?> type) {
    try {
      return (Predicate<Object>) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
      throw new IllegalStateException(
          type.getName()
              + " cannot be used in @HandledWhen: it needs a public no-argument"
              + " constructor",
          cause);
    }
  }
}
