package io.parley.infra.stores;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Postgres binaries (from Maven Central) run on a data directory that survives restarts. A
 * server left behind by a crashed run on the same directory is stopped before starting anew.
 */
public final class EmbeddedPostgresStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresStore.class);
  public static final String DATABASE = "parley";
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresStore(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgresStore start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      stopOrphan(dataDirectory);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              .setPort(FreePorts.pick())
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", "on")
              .start();
      createDatabase(postgres);
      log.info(
          "Embedded Postgres ready on port {} (data in {})", postgres.getPort(), dataDirectory);
      return new EmbeddedPostgresStore(postgres);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException(
          "Could not start the embedded Postgres in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, DATABASE);
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
      log.info("Embedded Postgres stopped");
    } catch (IOException e) {
      log.warn("Embedded Postgres did not stop cleanly: {}", e.getMessage());
    }
  }

  private static void createDatabase(EmbeddedPostgres postgres) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      statement.execute("CREATE DATABASE " + DATABASE);
    }
  }

  /** A postmaster whose owner was killed keeps running; it would block the next start. */
  private static void stopOrphan(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan =
        Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream()
            .findFirst()
            .map(String::trim)
            .filter(line -> line.matches("\\d+"))
            .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
            .filter(ProcessHandle::isAlive)
            .filter(EmbeddedPostgresStore::isPostgres);
    if (orphan.isPresent()) {
      log.warn("Stopping a Postgres left running by an earlier run (pid {})", orphan.get().pid());
      orphan.get().destroy();
      orphan.get().onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }
  }

  private static boolean isPostgres(ProcessHandle handle) {
    return handle.info().command().map(command -> command.contains("postgres")).orElse(false);
  }
}
