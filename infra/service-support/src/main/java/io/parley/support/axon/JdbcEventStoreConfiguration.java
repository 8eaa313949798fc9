package io.parley.support.axon;

import com.zaxxer.hikari.HikariDataSource;
import io.parley.support.Niceness;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The event store of the standalone and single-machine modes: Axon's JDBC engine on Postgres. The
 * store is declared here so a consumer in another JVM learns of new events at once: after its
 * commits a process NOTIFYs ({@link AppendNotifier}) and {@link AppendNotifications} in every
 * process wakes its store (docs/adr/0115). The fetch delay is only the fallback poll.
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

  /** The events one fetch of the log asks for. */
  static final int FETCH_BATCH = 500;

  /**
   * {@code parley.events.shared-read-batches}: how many batches of the log the processors reading
   * behind the head share (docs/adr/0227); 0 reads every processor's batches on its own. {@code
   * parley.events.commit-with-append}: a command's own transaction commits in its append's round
   * trip (docs/adr/0228).
   */
  @Bean
  public EventStorageEngine eventStorageEngine(
      Serializer defaultSerializer,
      @Qualifier("eventSerializer") Serializer eventSerializer,
      PersistenceExceptionResolver persistenceExceptionResolver,
      ConnectionProvider connectionProvider,
      TransactionManager transactionManager,
      Configuration configuration,
      ObjectProvider<StreamTail> streamTail,
      ObjectProvider<AppendedRows> appendedRows,
      @Value("${parley.events.shared-read-batches:16}") int sharedReadBatches,
      @Value("${parley.events.commit-with-append:true}") boolean commitWithAppend) {
    EventSchema schema = EventSchema.builder().build();
    TransactionManager transactions = new AutocommitReads(transactionManager);
    JdbcEventStorageEngine.Builder builder =
        LogFetches.apply(JdbcEventStorageEngine.builder())
            .upcasterChain(configuration.upcasterChain())
            .snapshotSerializer(defaultSerializer)
            .eventSerializer(eventSerializer)
            .persistenceExceptionResolver(persistenceExceptionResolver)
            .connectionProvider(connectionProvider)
            .transactionManager(transactions)
            .schema(schema)
            .batchSize(FETCH_BATCH);
    return new ParleyEventStorageEngine(
        builder,
        schema,
        transactions,
        streamTail.getIfAvailable(),
        appendedRows.orderedStream().toList(),
        sharedReadBatches > 0 ? SharedLogReads.of(sharedReadBatches, FETCH_BATCH) : null,
        FETCH_BATCH,
        commitWithAppend);
  }

  /**
   * {@code parley.events.fetch-delay}: how often the store polls when no notification arrives (1 s
   * by default; with {@code parley.events.notify=false} it is the only way another process's events
   * arrive, so set it low then).
   */
  @Bean("eventBus")
  public WakeableEventStore eventStore(
      EventStorageEngine storageEngine,
      Configuration configuration,
      ObjectProvider<AppendNotifier> notifier,
      @Value("${parley.events.fetch-delay:1s}") Duration fetchDelay) {
    AppendNotifier appended = notifier.getIfAvailable();
    EmbeddedEventStore.Builder builder =
        EmbeddedEventStore.builder()
            .storageEngine(storageEngine)
            .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
            .spanFactory(
                configuration.getComponent(
                    org.axonframework.eventhandling.EventBusSpanFactory.class))
            .fetchDelay(fetchDelay.toMillis())
            // Its producer serves live delivery too, but is started by the first reader, which is
            // often a lowered read model's thread (docs/adr/0224).
            .threadFactory(
                Niceness.normal(
                    new org.axonframework.common.AxonThreadFactory(
                        EmbeddedEventStore.class.getSimpleName())));
    WakeableEventStore store =
        new WakeableEventStore(builder, appended == null ? () -> {} : appended::appended);
    if (storageEngine instanceof ParleyEventStorageEngine parley) {
      store.wakeReadersAfterHeadReads(parley);
      store.letReadersTakeCommits(parley);
    }
    return store;
  }

  /** Sends the notification after this process's appends (see {@link AppendNotifier}). */
  @Bean
  @ConditionalOnProperty(name = "parley.events.notify", havingValue = "true", matchIfMissing = true)
  public AppendNotifier appendNotifier(
      DataSource dataSource,
      @Value("${parley.events.notify-spacing:20ms}") Duration notifySpacing) {
    return new AppendNotifier(
        listeningConnections(dataSource), Duration.ofSeconds(1), notifySpacing);
  }

  /** Wakes this process's store on another's notification (see {@link AppendNotifications}). */
  @Bean
  @ConditionalOnProperty(name = "parley.events.notify", havingValue = "true", matchIfMissing = true)
  public AppendNotifications appendNotifications(
      DataSource dataSource,
      WakeableEventStore eventStore,
      @Value("${parley.events.wake-spacing:50ms}") Duration wakeSpacing) {
    return new AppendNotifications(
        listeningConnections(dataSource), eventStore::wake, Duration.ofSeconds(1), wakeSpacing);
  }

  /**
   * Connections outside the pool, with the pool's settings: a listening connection is held for the
   * life of the process, which a pool would count as a leak.
   */
  static AppendNotifications.Connections listeningConnections(DataSource dataSource) {
    HikariDataSource hikari = hikari(dataSource);
    if (hikari != null && hikari.getJdbcUrl() != null) {
      return () -> {
        Properties properties = new Properties();
        hikari.getDataSourceProperties().forEach(properties::put);
        if (hikari.getUsername() != null) {
          properties.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
          properties.setProperty("password", hikari.getPassword());
        }
        return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
      };
    }
    return dataSource::getConnection;
  }

  private static HikariDataSource hikari(DataSource dataSource) {
    try {
      return dataSource.isWrapperFor(HikariDataSource.class)
          ? dataSource.unwrap(HikariDataSource.class)
          : null;
    } catch (SQLException e) {
      return null;
    }
  }
}
