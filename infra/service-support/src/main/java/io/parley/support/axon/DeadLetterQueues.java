package io.parley.support.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;

/**
 * Gives projections a dead-letter queue in Postgres: an event a handler cannot apply is parked
 * (with later events of the same aggregate, to keep their order) instead of halting the whole
 * processor; {@link DeadLetterRetrier} retries parked events, and operators list, retry and drop
 * them through the admin API.
 */
public class DeadLetterQueues {
  private final ConnectionProvider connections;
  private final TransactionManager transactions;
  private final Serializer serializer;
  private final Serializer eventSerializer;
  private final Environment environment;
  private final java.util.Set<String> withQueues =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  public DeadLetterQueues(
      ConnectionProvider connections,
      TransactionManager transactions,
      Serializer serializer,
      @Qualifier("eventSerializer") Serializer eventSerializer,
      Environment environment) {
    this.connections = connections;
    this.transactions = transactions;
    this.serializer = serializer;
    this.eventSerializer = eventSerializer;
    this.environment = environment;
  }

  /** Registers a Postgres-backed dead-letter queue for each of the processing groups. */
  public void register(EventProcessingConfigurer processing, String... groups) {
    for (String group : groups) {
      withQueues.add(group);
      processing.registerDeadLetterQueue(group, config -> queue(group));
      if (!EventIsolation.alwaysIsolated(environment, group)) {
        // Without the cache every event costs a query "is its aggregate parked?"; with it, a
        // segment that started with an empty queue asks only for aggregates it parked itself
        // (docs/adr/0062).
        processing.registerDeadLetteringEventHandlerInvokerConfiguration(
            group, (config, builder) -> builder.enableSequenceIdentifierCache());
      }
    }
  }

  boolean hasQueue(String group) {
    return withQueues.contains(group);
  }

  private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
    return JdbcSequencedDeadLetterQueue.builder()
        .processingGroup(group)
        .connectionProvider(connections)
        .transactionManager(transactions)
        .schema(DeadLetterSchema.defaultSchema())
        .genericSerializer(serializer)
        .eventSerializer(eventSerializer)
        .build();
  }
}
