package io.parley.support.db;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * A transaction takes its pooled connection when it first talks to the database, not when it begins
 * (docs/adr/0217). A projection batch that writes the CQL timeline, or a send that runs its
 * aggregate, used to hold a Postgres connection through all of that work; on a busy machine the
 * pool ran dry and sends waited for a connection that nobody was using. The application's pool
 * ({@link HikariDataSource}) is wrapped as it is created, so every user of the {@code DataSource}
 * (Spring's transactions, {@code JdbcTemplate}, Axon's stores) shares the one lazy view: a
 * transaction's statements still all run on one connection.
 *
 * <p>Switched off with {@code parley.db.lazy-connections=false}.
 */
public final class LazyConnections implements BeanPostProcessor {
  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    return bean instanceof HikariDataSource pool ? new Closing(pool) : bean;
  }

  /** The lazy view, which also closes the pool when its bean is destroyed. */
  static final class Closing extends LazyConnectionDataSourceProxy implements AutoCloseable {
    private final HikariDataSource pool;

    Closing(HikariDataSource pool) {
      super(pool);
      this.pool = pool;
    }

    @Override
    public void close() {
      pool.close();
    }
  }
}
