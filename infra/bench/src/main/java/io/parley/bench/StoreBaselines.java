package io.parley.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Same-run store ceilings with latencies (the replay's {@link RawBaselines} measures rates only):
 * single-row Postgres INSERT + COMMIT, single-row CQL INSERT and a CQL latest-50 page read through
 * the driver, each operation waited for, on the stores the app runs on. No application code.
 */
final class StoreBaselines {
  /** Operations per second over the run, and each operation's latency. */
  record Measured(
      String what, int threads, long operations, double perSecond, Latencies latencies) {
    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("what", what);
      map.put("threads", threads);
      map.put("operations", operations);
      map.put("perSecond", Report.round(perSecond));
      map.put("latency", latencies.summary().toMap());
      return map;
    }
  }

  interface Operation {
    void run(int thread, long n) throws Exception;
  }

  private StoreBaselines() {}

  static Measured postgresCommit(DataSource dataSource, int threads, double seconds)
      throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS bench_raw_append");
      // Shaped like an event row: key, stream id, sequence, payload.
      ddl.execute(
          "CREATE TABLE bench_raw_append (id bigserial PRIMARY KEY, aggregate_id varchar(255),"
              + " sequence_number bigint, payload bytea, created_at timestamptz)");
    }
    List<Connection> connections = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        connections.add(dataSource.getConnection());
      }
      String aggregate = UUID.randomUUID().toString();
      byte[] payload = new byte[400];
      Timestamp at = Timestamp.from(Instant.now());
      return measure(
          "Postgres single-row INSERT + COMMIT",
          threads,
          seconds,
          (thread, n) -> {
            try (java.sql.PreparedStatement insert =
                connections
                    .get(thread)
                    .prepareStatement(
                        "INSERT INTO bench_raw_append (aggregate_id, sequence_number, payload,"
                            + " created_at) VALUES (?, ?, ?, ?)")) {
              insert.setString(1, aggregate);
              insert.setLong(2, n);
              insert.setBytes(3, payload);
              insert.setTimestamp(4, at);
              insert.executeUpdate(); // autocommit: one transaction, one WAL flush per row
            }
          });
    } finally {
      for (Connection connection : connections) {
        connection.close();
      }
    }
  }

  static CqlSession cql(String contactPoint) {
    int colon = contactPoint.lastIndexOf(':');
    CqlSession session =
        CqlSession.builder()
            .addContactPoint(
                new InetSocketAddress(
                    contactPoint.substring(0, colon),
                    Integer.parseInt(contactPoint.substring(colon + 1))))
            .withLocalDatacenter("datacenter1")
            .withConfigLoader(
                DriverConfigLoader.programmaticBuilder()
                    .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                    // closed at once, not after Netty's 2 s quiet period (as the app's session)
                    .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                    .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                    .build())
            .build();
    session.execute(
        "CREATE KEYSPACE IF NOT EXISTS bench_raw WITH replication ="
            + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
    // The timeline's shape (query-side cql/V001): partitions of consecutive seqs, newest first.
    session.execute(
        "CREATE TABLE IF NOT EXISTS bench_raw.timeline (conversation_id uuid, bucket int,"
            + " seq bigint, message_id bigint, sender_id uuid, body text, created_at timestamp,"
            + " PRIMARY KEY ((conversation_id, bucket), seq)) WITH CLUSTERING ORDER BY (seq DESC)");
    return session;
  }

  static Measured cqlInsert(CqlSession session, int threads, double seconds) {
    PreparedStatement insert = insertStatement(session);
    UUID[] conversations = new UUID[1000];
    for (int i = 0; i < conversations.length; i++) {
      conversations[i] = UUID.randomUUID();
    }
    UUID sender = UUID.randomUUID();
    AtomicLong ids = new AtomicLong();
    Instant at = Instant.now();
    return measure(
        "CQL single-row INSERT",
        threads,
        seconds,
        (thread, n) -> {
          long id = ids.incrementAndGet();
          session.execute(
              insert.bind(
                  conversations[(int) (id % conversations.length)],
                  0,
                  id,
                  id,
                  sender,
                  "hello sure meeting tomorrow lunch deploy review " + n,
                  at));
        });
  }

  /** Fills one conversation's newest bucket with {@code rows} rows; returns its id. */
  static UUID seedConversation(CqlSession session, int rows) {
    PreparedStatement insert = insertStatement(session);
    UUID conversation = UUID.randomUUID();
    UUID sender = UUID.randomUUID();
    Instant at = Instant.now();
    List<java.util.concurrent.CompletionStage<?>> pending = new ArrayList<>();
    for (int seq = 1; seq <= rows; seq++) {
      pending.add(
          session.executeAsync(
              insert.bind(conversation, 0, (long) seq, (long) seq, sender, "seeded " + seq, at)));
      if (pending.size() == 256) {
        pending.forEach(stage -> stage.toCompletableFuture().join());
        pending.clear();
      }
    }
    pending.forEach(stage -> stage.toCompletableFuture().join());
    return conversation;
  }

  /** The latest-50 page of one seeded conversation, as the timeline reads it. */
  static Measured cqlLatest50(CqlSession session, UUID conversation, int threads, double seconds) {
    PreparedStatement page =
        session.prepare(
            "SELECT seq, message_id, sender_id, body, created_at FROM bench_raw.timeline"
                + " WHERE conversation_id = ? AND bucket = ? LIMIT 50");
    return measure(
        "CQL latest-50 page read",
        threads,
        seconds,
        (thread, n) -> {
          if (session.execute(page.bind(conversation, 0)).all().size() != 50) {
            throw new IllegalStateException("the seeded page is not full");
          }
        });
  }

  private static PreparedStatement insertStatement(CqlSession session) {
    return session.prepare(
        "INSERT INTO bench_raw.timeline (conversation_id, bucket, seq, message_id, sender_id,"
            + " body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  }

  /** A warm-up (a quarter of the time, at most 2 s), then the measured run. */
  /** {@code seconds} of {@code operation} on {@code threads}, not recorded: the JIT's warm-up. */
  static void warm(String tag, int threads, double seconds, Operation operation) {
    if (seconds > 0) {
      Bench.log(String.format(Locale.ROOT, "%s: warm-up for %.0f s", tag, seconds));
      run(threads, seconds, operation, new Latencies());
    }
  }

  static Measured measure(String what, int threads, double seconds, Operation operation) {
    run(threads, Math.min(2, seconds / 4), operation, new Latencies());
    Latencies latencies = new Latencies();
    long start = System.nanoTime();
    long operations = run(threads, seconds, operation, latencies);
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Measured(what, threads, operations, operations / elapsed, latencies);
  }

  private static long run(int threads, double seconds, Operation operation, Latencies latencies) {
    return Workers.runFor(
        threads,
        seconds,
        "store-baseline",
        (thread, n) -> {
          long before = System.nanoTime();
          operation.run(thread, n);
          latencies.add(System.nanoTime() - before);
        });
  }
}
