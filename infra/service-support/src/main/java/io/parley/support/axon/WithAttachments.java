package io.parley.support.axon;

import io.parley.events.message.MessageSentEvent;
import java.util.function.Predicate;

/** For {@link HandledWhen}: a sent message that carries at least one attachment. */
public final class WithAttachments implements Predicate<Object> {
  @Override
  public boolean test(Object payload) {
    return payload instanceof MessageSentEvent sent
        && sent.attachments() != null
        && !sent.attachments().isEmpty();
  }
}
