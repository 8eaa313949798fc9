package io.parley.support.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalStores;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction on the lazy view takes the pool's connection at its first statement and gives it
 * back at its end, and all its statements still run in one transaction (docs/adr/0217). The pool
 * here has a single connection, so whether another caller can get one shows who holds it.
 */
class LazyConnectionsTest {
  static EmbeddedPostgresStore postgres;
  static HikariDataSource pool;
  static DataSource lazy;
  static ExecutorService elsewhere = Executors.newSingleThreadExecutor();

  JdbcTemplate jdbc;
  TransactionTemplate transaction;

  @BeforeAll
  static void aPoolOfOneConnection() {
    postgres = LocalStores.postgres(LocalStores.ephemeralDataDir());
    pool = pool();
    lazy = (DataSource) new LazyConnections().postProcessAfterInitialization(pool, "dataSource");
  }

  @AfterAll
  static void close() throws Exception {
    ((AutoCloseable) lazy).close();
    elsewhere.shutdownNow();
  }

  private static HikariDataSource pool() {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(postgres.jdbcUrl());
    pool.setUsername(EmbeddedPostgresStore.USER);
    pool.setPassword(postgres.password());
    pool.setMaximumPoolSize(1);
    pool.setConnectionTimeout(250);
    return pool;
  }

  @BeforeEach
  void anEmptyTable() {
    jdbc = new JdbcTemplate(lazy);
    transaction = new TransactionTemplate(new DataSourceTransactionManager(lazy));
    jdbc.execute("CREATE TABLE IF NOT EXISTS lazy_probe (n int)");
    jdbc.execute("TRUNCATE lazy_probe");
  }

  /**
   * Counts the table's rows on another thread, through the pool: fails if no connection is free.
   */
  private long countElsewhere() throws Exception {
    try {
      return CompletableFuture.supplyAsync(
              () ->
                  new JdbcTemplate(lazy)
                      .queryForObject("SELECT count(*) FROM lazy_probe", Long.class),
              elsewhere)
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void aTransactionTakesTheConnectionAtItsFirstStatementAndGivesItBackAtItsEnd() throws Exception {
    transaction.executeWithoutResult(
        status -> {
          try {
            // begun, nothing said to the database yet: the pool's one connection is free
            assertThat(countElsewhere()).isZero();
            jdbc.update("INSERT INTO lazy_probe VALUES (1)");
            // now this transaction holds it
            assertThatThrownBy(this::countElsewhere)
                .hasRootCauseInstanceOf(SQLTransientConnectionException.class)
                .rootCause()
                .hasMessageContaining("Connection is not available");
            jdbc.update("INSERT INTO lazy_probe VALUES (2)");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM lazy_probe", Long.class))
                .isEqualTo(2);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(countElsewhere()).isEqualTo(2);
    assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
  }

  @Test
  void aRolledBackTransactionLeavesNothingAndFreesTheConnection() throws Exception {
    assertThatThrownBy(
            () ->
                transaction.executeWithoutResult(
                    status -> {
                      jdbc.update("INSERT INTO lazy_probe VALUES (1)");
                      jdbc.update("INSERT INTO lazy_probe VALUES (2)");
                      throw new IllegalStateException("undo");
                    }))
        .hasMessage("undo");
    assertThat(countElsewhere()).isZero();
    assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
  }

  @Test
  void thePoolIsFoundBehindTheViewAndClosedWithIt() throws Exception {
    HikariDataSource own = pool();
    DataSource view = (DataSource) new LazyConnections().postProcessAfterInitialization(own, "x");
    assertThat(view).isNotSameAs(own);
    assertThat(view.isWrapperFor(HikariDataSource.class)).isTrue();
    assertThat(view.unwrap(HikariDataSource.class)).isSameAs(own);
    ((AutoCloseable) view).close();
    assertThat(own.isClosed()).isTrue();
  }

  @Test
  void otherBeansAreLeftAlone() {
    Object other = new Object();
    assertThat(new LazyConnections().postProcessAfterInitialization(other, "other"))
        .isSameAs(other);
  }
}
