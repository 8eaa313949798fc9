package io.parley.support.axon;

import com.zaxxer.hikari.HikariDataSource;
import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalStores;
import io.parley.support.db.ModuleMigration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A pool on a fresh embedded Postgres holding the Axon event store's tables, for the test class
 * that registers it ({@code @RegisterExtension static final}).
 */
final class AxonTestDatabase implements BeforeAllCallback, AfterAllCallback {
  private HikariDataSource dataSource;

  HikariDataSource dataSource() {
    return dataSource;
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
