package io.parley.infra.stores;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: single-row INSERT + COMMIT per second on one embedded store, with and without a
 * durable commit and with {@code commit_delay}, in one run (docs/perf/durability.md). Arguments:
 * threads, seconds per setting, rounds.
 */
public final class CommitRateProbe {
  private static final String[][] SETTINGS = {{"off", "0"}, {"on", "0"}, {"on", "1000"}};

  private CommitRateProbe() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Path directory = Files.createTempDirectory("commit-rate-");
    try (EmbeddedPostgresStore store = EmbeddedPostgresStore.start(directory.resolve("pg"))) {
      try (Connection connection = connect(store);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE probe (id bigserial PRIMARY KEY, body text)");
      }
      for (int round = 1; round <= rounds; round++) {
        for (String[] setting : SETTINGS) {
          long commits = measure(store, threads, seconds, setting[0], setting[1]);
          System.out.printf(
              "round %d, %d threads, synchronous_commit=%s, commit_delay=%s us: %d commits/s%n",
              round, threads, setting[0], setting[1], commits / seconds);
        }
      }
    }
  }

  private static long measure(
      EmbeddedPostgresStore store, int threads, int seconds, String synchronous, String delay)
      throws Exception {
    AtomicLong commits = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      workers.add(
          pool.submit(
              () -> {
                try (Connection connection = connect(store)) {
                  try (Statement statement = connection.createStatement()) {
                    statement.execute("SET synchronous_commit = " + synchronous);
                    statement.execute("SET commit_delay = " + delay);
                  }
                  connection.setAutoCommit(false);
                  try (PreparedStatement insert =
                      connection.prepareStatement("INSERT INTO probe (body) VALUES ('x')")) {
                    while (System.nanoTime() < end) {
                      insert.executeUpdate();
                      connection.commit();
                      commits.incrementAndGet();
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<Void> worker : workers) {
      worker.get();
    }
    pool.shutdown();
    return commits.get();
  }

  private static Connection connect(EmbeddedPostgresStore store) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("password", store.password());
    return DriverManager.getConnection(store.jdbcUrl(), properties);
  }
}
