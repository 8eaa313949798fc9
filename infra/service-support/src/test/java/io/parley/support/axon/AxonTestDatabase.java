package io.parley.support.axon;

import com.zaxxer.hikari.HikariDataSource;
import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalStores;
import io.parley.support.db.ModuleMigration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A pool on a fresh embedded Postgres holding the Axon event store's tables, for the test class
 * that registers it ({@code @RegisterExtension static final}).
 */
final class AxonTestDatabase implements BeforeAllCallback, AfterAllCallback {
  private HikariDataSource dataSource;

  HikariDataSource dataSource() {
    return dataSource;
  }

  /** The engine's transactions as the app builds them: autocommit reads, Spring transactions. */
  AutocommitReads transactions() {
    return new AutocommitReads(
        new SpringTransactionManager(new DataSourceTransactionManager(dataSource)));
  }

  /** Axon's JDBC engine on this database, configured as the app configures it. */
  JdbcEventStorageEngine.Builder engineBuilder(TransactionManager transactions) {
    JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    return LogFetches.apply(JdbcEventStorageEngine.builder())
        .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
        .transactionManager(transactions)
        .eventSerializer(serializer)
        .snapshotSerializer(serializer)
        .schema(EventSchema.builder().build())
        .persistenceExceptionResolver(JdbcEventStoreConfiguration::isUniqueViolation);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    EmbeddedPostgresStore postgres = LocalStores.postgres(LocalStores.ephemeralDataDir());
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.jdbcUrl());
    dataSource.setUsername(EmbeddedPostgresStore.USER);
    dataSource.setPassword(postgres.password());
    new ModuleMigration(dataSource, "axon", "classpath:db/axon").afterPropertiesSet();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    dataSource.close();
  }
}
