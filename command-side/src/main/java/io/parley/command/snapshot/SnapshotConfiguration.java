package io.parley.command.snapshot;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.annotation.Bean;

/**
 * Axon's snapshotter as Axon's Spring Boot configuration declares it, but taking snapshots on
 * {@link BackgroundSnapshots} instead of in the request that triggered them (ADR 0194).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class SnapshotConfiguration {
  @Bean
  BackgroundSnapshots backgroundSnapshots() {
    return new BackgroundSnapshots();
  }

  @Bean
  SpringAggregateSnapshotter aggregateSnapshotter(
      Configuration configuration,
      HandlerDefinition handlerDefinition,
      ParameterResolverFactory parameterResolverFactory,
      EventStore eventStore,
      TransactionManager transactionManager,
      SnapshotterSpanFactory spanFactory,
      BackgroundSnapshots backgroundSnapshots) {
    return SpringAggregateSnapshotter.builder()
        .repositoryProvider(configuration::repository)
        .transactionManager(transactionManager)
        .eventStore(eventStore)
        .parameterResolverFactory(parameterResolverFactory)
        .handlerDefinition(handlerDefinition)
        .spanFactory(spanFactory)
        .executor(backgroundSnapshots)
        .build();
  }
}
