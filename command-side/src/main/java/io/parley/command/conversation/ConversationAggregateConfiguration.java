package io.parley.command.conversation;

import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
import io.parley.support.axon.StreamTail;
import java.util.Set;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps loading a conversation O(1) in its history: recently used conversations stay in memory, and
 * a snapshot every {@code snapshot-every} events bounds what a cold load replays (ADR 0022), and a
 * stream without one (an imported log) is read only as far as the conversation needs (ADR 0197).
 */
@Configuration(proxyBeanMethods = false)
class ConversationAggregateConfiguration {

  @Bean
  Cache conversationCache(@Value("${parley.conversation.cache-size:10000}") int capacity) {
    return new BoundedCache(capacity);
  }

  @Bean
  SnapshotTriggerDefinition conversationSnapshotTrigger(
      Snapshotter snapshotter, @Value("${parley.conversation.snapshot-every:250}") int threshold) {
    return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
  }

  /**
   * Of its messages a conversation needs only the last {@link Conversation#CLIENT_ID_WINDOW} sends
   * (the last seq and the idempotency window); edits, deletions and reactions change none of its
   * state. The JDBC store then reads a long stream from its other events and that window.
   */
  @Bean
  StreamTail conversationStreamTail() {
    return new StreamTail(
        MessageSentEvent.class.getName(),
        Conversation.CLIENT_ID_WINDOW,
        Set.of(
            MessageSentEvent.class.getName(),
            MessageEditedEvent.class.getName(),
            MessageDeletedEvent.class.getName(),
            ReactionAddedEvent.class.getName(),
            ReactionRemovedEvent.class.getName()));
  }
}
