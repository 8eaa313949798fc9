package io.parley.support.axon;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Predicate;

/**
 * On an event handler: the handler takes only the events whose payload passes {@link #value()}
 * (docs/adr/0225). For any other event of its type the processor has no handler at all, so a pooled
 * processor skips it without a transaction: it writes its position only with a batch it handled, or
 * every few seconds. For handlers that do nothing for most events of their type, such as an
 * attachment's bookkeeping on a message without one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HandledWhen {
  /** The condition on the payload; a public class with a public no-argument constructor. */
  Class<? extends Predicate<Object>> value();
}
