package io.parley.support.axon;

import com.zaxxer.hikari.HikariDataSource;
import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalStores;
import io.parley.support.db.ModuleMigration;

/** A pool on a fresh embedded Postgres holding the Axon event store's tables. */
final class AxonTestDatabase {
  private AxonTestDatabase() {}

  static HikariDataSource open() {
    EmbeddedPostgresStore postgres = LocalStores.postgres(LocalStores.ephemeralDataDir());
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.jdbcUrl());
    dataSource.setUsername(EmbeddedPostgresStore.USER);
    dataSource.setPassword(postgres.password());
    new ModuleMigration(dataSource, "axon", "classpath:db/axon").afterPropertiesSet();
    return dataSource;
  }
}
