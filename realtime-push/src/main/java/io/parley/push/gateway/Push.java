package io.parley.push.gateway;

import io.parley.push.protocol.PushType;
import java.util.List;
import java.util.UUID;

/**
 * One event for sockets: {@code {op:"event", eventId, type, conversationId?, seq?, data}}; {@code
 * data} is the record its type declares.
 */
public record Push(PushType<?> type, UUID conversationId, Long seq, Object data) {
  /** The event types of the contract (docs/api.md), in its order. */
  public static final List<String> TYPES = PushType.ALL.stream().map(PushType::wire).toList();

  public Push {
    if (!type.data().isInstance(data)) {
      throw new IllegalArgumentException(type + " carries a " + type.data().getSimpleName());
    }
  }

  public static <D> Push of(PushType<D> type, UUID conversationId, Long seq, D data) {
    return new Push(type, conversationId, seq, data);
  }

  public static <D> Push of(PushType<D> type, UUID conversationId, D data) {
    return new Push(type, conversationId, null, data);
  }

  public boolean ephemeral() {
    return type.ephemeral();
  }
}
