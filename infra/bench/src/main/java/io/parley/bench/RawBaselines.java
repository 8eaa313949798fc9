package io.parley.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The ceilings a projection cannot beat on these stores, measured in the same run: single-row CQL
 * INSERTs through the driver, each waited for, from as many threads as the timeline projection
 * runs; the same INSERTs sent asynchronously with as many in flight as the projection allows; and
 * single-row Postgres INSERTs, each its own committed transaction, at the timeline's thread count.
 * No application code is involved.
 */
final class RawBaselines {
  /** Rows per second and how the figure was taken. */
  record Rate(double perSecond, long rows, double seconds, int threads) {}

  private RawBaselines() {}

  static Rate cqlInserts(String contactPoint, int threads, double seconds) {
    try (RawTable table = new RawTable(contactPoint)) {
      return timed(threads, seconds, (thread, n) -> table.session.execute(table.next(n)));
    }
  }

  /**
   * Single-row INSERTs sent asynchronously from one thread, {@code inFlight} at a time: what the
   * node takes from a writer that does not wait for each row, the fair ceiling for a projection
   * that sends a batch's writes at once (docs/adr/0062).
   */
  static Rate cqlInsertsInFlight(String contactPoint, int inFlight, double seconds) {
    try (RawTable table = new RawTable(contactPoint)) {
      Semaphore permits = new Semaphore(inFlight);
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      Write write =
          (thread, n) -> {
            permits.acquire();
            table
                .session
                .executeAsync(table.next(n))
                .whenComplete(
                    (result, failure) -> {
                      if (failure != null) {
                        failures.add(failure);
                      }
                      permits.release();
                    });
          };
      measure(1, Math.min(2, seconds / 2), write);
      Rate sent = measure(1, seconds, write);
      try {
        permits.acquire(inFlight); // every row sent has landed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException("baseline failed", failures.get(0));
      }
      return new Rate(sent.perSecond(), sent.rows(), sent.seconds(), inFlight);
    }
  }

  /** A table shaped like the timeline: one partition per conversation bucket, rows by seq. */
  private static final class RawTable implements AutoCloseable {
    final CqlSession session;
    final PreparedStatement insert;
    final UUID[] conversations = new UUID[1000];
    final UUID sender = UUID.randomUUID();
    final AtomicLong ids = new AtomicLong(); // unique keys across the warm-up and the measured run
    final Instant at = Instant.now();

    RawTable(String contactPoint) {
      session = StoreBaselines.cql(contactPoint); // the keyspace included
      session.execute("DROP TABLE IF EXISTS bench_raw.messages");
      session.execute(
          "CREATE TABLE bench_raw.messages (conversation_id uuid, bucket bigint, seq bigint,"
              + " message_id bigint, sender_id uuid, body text, created_at timestamp,"
              + " PRIMARY KEY ((conversation_id, bucket), seq))");
      insert =
          session.prepare(
              "INSERT INTO bench_raw.messages (conversation_id, bucket, seq, message_id,"
                  + " sender_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
      for (int i = 0; i < conversations.length; i++) {
        conversations[i] = UUID.randomUUID();
      }
    }

    BoundStatement next(long n) {
      long id = ids.incrementAndGet();
      return insert.bind(
          conversations[(int) (id % conversations.length)],
          id / 1000,
          id,
          id,
          sender,
          "hello sure meeting tomorrow lunch deploy review " + n,
          at);
    }

    @Override
    public void close() {
      session.close();
    }
  }

  /** Single-row INSERT + COMMIT at {@code threads} connections (the load scenarios' baseline). */
  static Rate postgresCommits(DataSource dataSource, int threads, double seconds)
      throws SQLException {
    StoreBaselines.Measured commits = StoreBaselines.postgresCommit(dataSource, threads, seconds);
    return new Rate(
        commits.perSecond(),
        commits.operations(),
        commits.operations() / commits.perSecond(),
        threads);
  }

  interface Write {
    void write(int thread, long n) throws Exception;
  }

  /** A warm-up first (a fresh node's JIT is cold), then the measured run. */
  private static Rate timed(int threads, double seconds, Write write) {
    measure(threads, Math.min(2, seconds / 2), write);
    return measure(threads, seconds, write);
  }

  private static Rate measure(int threads, double seconds, Write write) {
    long start = System.nanoTime();
    long rows = Workers.runFor(threads, seconds, "baseline", write::write);
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Rate(rows / elapsed, rows, elapsed, threads);
  }
}
