package io.parley.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The ceilings a projection cannot beat on these stores, measured in the same run: single-row CQL
 * INSERTs through the driver, each waited for, from as many threads as the timeline projection
 * runs; and single-row Postgres INSERTs, each its own committed transaction, at the same
 * concurrency. No application code is involved.
 */
final class RawBaselines {
  /** Rows per second and how the figure was taken. */
  record Rate(double perSecond, long rows, double seconds, int threads) {}

  private RawBaselines() {}

  static Rate cqlInserts(String contactPoint, int threads, double seconds) {
    int colon = contactPoint.lastIndexOf(':');
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoint(
                new InetSocketAddress(
                    contactPoint.substring(0, colon),
                    Integer.parseInt(contactPoint.substring(colon + 1))))
            .withLocalDatacenter("datacenter1")
            .build()) {
      session.execute(
          "CREATE KEYSPACE IF NOT EXISTS bench_raw WITH replication ="
              + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute("DROP TABLE IF EXISTS bench_raw.messages");
      // The timeline table's shape: one partition per conversation bucket, rows by seq.
      session.execute(
          "CREATE TABLE bench_raw.messages (conversation_id uuid, bucket bigint, seq bigint,"
              + " message_id bigint, sender_id uuid, body text, created_at timestamp,"
              + " PRIMARY KEY ((conversation_id, bucket), seq))");
      PreparedStatement insert =
          session.prepare(
              "INSERT INTO bench_raw.messages (conversation_id, bucket, seq, message_id,"
                  + " sender_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
      UUID[] conversations = new UUID[1000];
      for (int i = 0; i < conversations.length; i++) {
        conversations[i] = UUID.randomUUID();
      }
      UUID sender = UUID.randomUUID();
      AtomicLong ids = new AtomicLong(); // unique keys across the warm-up and the measured run
      Instant at = Instant.now();
      return timed(
          threads,
          seconds,
          (thread, n) -> {
            long id = ids.incrementAndGet();
            session.execute(
                insert.bind(
                    conversations[(int) (id % conversations.length)],
                    id / 1000,
                    id,
                    id,
                    sender,
                    "hello sure meeting tomorrow lunch deploy review " + n,
                    at));
          });
    }
  }

  static Rate postgresCommits(DataSource dataSource, int threads, double seconds)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS bench_raw_insert");
      ddl.execute(
          "CREATE TABLE bench_raw_insert (id bigint PRIMARY KEY, conversation_id uuid,"
              + " body text, created_at timestamptz)");
    }
    List<Connection> connections = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        connections.add(dataSource.getConnection());
      }
      UUID conversation = UUID.randomUUID();
      java.sql.Timestamp at = java.sql.Timestamp.from(Instant.now());
      AtomicLong ids = new AtomicLong(); // unique keys across the warm-up and the measured run
      return timed(
          threads,
          seconds,
          (thread, n) -> {
            try (java.sql.PreparedStatement insert =
                connections
                    .get(thread)
                    .prepareStatement(
                        "INSERT INTO bench_raw_insert (id, conversation_id, body, created_at)"
                            + " VALUES (?, ?, ?, ?)")) {
              insert.setLong(1, ids.incrementAndGet());
              insert.setObject(2, conversation);
              insert.setString(3, "hello sure meeting tomorrow " + n);
              insert.setTimestamp(4, at);
              insert.executeUpdate();
            }
          });
    } finally {
      for (Connection connection : connections) {
        connection.close();
      }
    }
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
    AtomicLong rows = new AtomicLong();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  for (long n = 0; System.nanoTime() < end; n++) {
                    write.write(thread, n);
                    rows.incrementAndGet();
                  }
                } catch (Exception e) {
                  failures.add(e);
                }
              },
              "baseline-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("baseline failed", failures.get(0));
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Rate(rows.get() / elapsed, rows.get(), elapsed, threads);
  }
}
