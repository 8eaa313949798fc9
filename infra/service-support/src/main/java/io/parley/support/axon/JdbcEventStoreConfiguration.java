package io.parley.support.axon;

import java.sql.SQLException;
import java.time.Duration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The event store of the standalone and single-machine modes: Axon's JDBC engine on Postgres. The
 * store is declared here only to set how often a consumer in another JVM polls for new events
 * (Axon's default of 1 s would add up to a second of latency to the push path).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "axon.axonserver.enabled",
    havingValue = "false",
    matchIfMissing = true)
public class JdbcEventStoreConfiguration {

  /**
   * Recognises a duplicate aggregate sequence (a concurrent append) for what it is: Postgres's
   * unique violation, SQLSTATE 23505. Axon's {@code SQLErrorCodesResolver} needs JPA classes that
   * are not on the classpath (a duplicate then failed with NoClassDefFoundError), and its {@code
   * JdbcSQLErrorCodesResolver} does not recognise the Postgres driver's exceptions.
   */
  @Bean
  public PersistenceExceptionResolver persistenceExceptionResolver() {
    return JdbcEventStoreConfiguration::isUniqueViolation;
  }

  static boolean isUniqueViolation(Exception exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Bean
  public EventStorageEngine eventStorageEngine(
      Serializer defaultSerializer,
      @Qualifier("eventSerializer") Serializer eventSerializer,
      PersistenceExceptionResolver persistenceExceptionResolver,
      ConnectionProvider connectionProvider,
      TransactionManager transactionManager,
      Configuration configuration) {
    return JdbcEventStorageEngine.builder()
        .upcasterChain(configuration.upcasterChain())
        .snapshotSerializer(defaultSerializer)
        .eventSerializer(eventSerializer)
        .persistenceExceptionResolver(persistenceExceptionResolver)
        .connectionProvider(connectionProvider)
        .transactionManager(transactionManager)
        .schema(EventSchema.builder().build())
        .batchSize(500)
        .build();
  }

  @Bean("eventBus")
  public EmbeddedEventStore eventStore(
      EventStorageEngine storageEngine,
      Configuration configuration,
      @Value("${parley.events.fetch-delay:20ms}") Duration fetchDelay) {
    return EmbeddedEventStore.builder()
        .storageEngine(storageEngine)
        .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
        .spanFactory(
            configuration.getComponent(org.axonframework.eventhandling.EventBusSpanFactory.class))
        .fetchDelay(fetchDelay.toMillis())
        .build();
  }
}
