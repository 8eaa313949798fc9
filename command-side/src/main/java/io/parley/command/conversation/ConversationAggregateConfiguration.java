package io.parley.command.conversation;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps loading a conversation O(1) in its history: recently used conversations stay in memory, and
 * a snapshot every {@code snapshot-every} events bounds what a cold load replays (ADR 0022).
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
}
