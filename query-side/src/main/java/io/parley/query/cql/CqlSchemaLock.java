package io.parley.query.cql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises CQL schema changes among every query-side instance sharing the Postgres
 * (docs/adr/0171): a transaction-scoped advisory lock per keyspace, held while the schema files are
 * applied. It ends with the transaction, or with the session when the holder dies, so a crashed
 * instance never leaves it taken. Concurrent DDL from several coordinators is what splits a CQL
 * cluster's schema (two table ids for one name); one writer at a time avoids it.
 */
interface CqlSchemaLock {
  void holding(String keyspace, Runnable work);

  /** Only where one instance can run: tests of the schema itself, tools. */
  CqlSchemaLock NONE = (keyspace, work) -> work.run();

  static CqlSchemaLock postgres(DataSource dataSource) {
    return new Postgres(dataSource);
  }

  final class Postgres implements CqlSchemaLock {
    private static final Logger log = LoggerFactory.getLogger(Postgres.class);

    /** The first key of the two-int advisory lock: "CQL " in ASCII, Parley's CQL schema lock. */
    private static final int NAMESPACE = 0x43514C20;

    private final DataSource dataSource;

    Postgres(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Override
    public void holding(String keyspace, Runnable work) {
      try (Connection connection = dataSource.getConnection()) {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
          try (PreparedStatement lock =
              connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            lock.setInt(1, NAMESPACE);
            lock.setString(2, keyspace);
            long asked = System.nanoTime();
            lock.execute();
            long waited = (System.nanoTime() - asked) / 1_000_000;
            if (waited > 100) {
              log.info("Waited {} ms for another instance to finish the CQL schema", waited);
            }
          }
          work.run();
        } finally {
          connection.rollback(); // ends the transaction, and with it the lock; it wrote nothing
          connection.setAutoCommit(autoCommit);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("Could not take the CQL schema lock in Postgres", e);
      }
    }
  }
}
