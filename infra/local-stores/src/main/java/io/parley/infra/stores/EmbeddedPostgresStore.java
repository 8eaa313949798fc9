package io.parley.infra.stores;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Postgres binaries (from Maven Central) run on a data directory that survives restarts.
 *
 * <p>It commits durably (docs/adr/0105): {@code synchronous_commit}, {@code fsync} and {@code
 * full_page_writes} are on, so a write it acknowledged survives a crash of Postgres or the machine.
 * Every connection needs the superuser's password, generated on first start and kept in the data
 * directory ({@link PostgresPassword}). A server left behind by a crashed run on the same directory
 * is stopped before starting anew; a server that dies while this store runs is restarted on the
 * same port by its {@link PostmasterWatchdog} (docs/adr/0106).
 */
public final class EmbeddedPostgresStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresStore.class);
  public static final String DATABASE = "parley";
  public static final String USER = "postgres";

  /** What every start passes to the server: durable commits, and room for the services' pools. */
  static final Map<String, String> SERVER_SETTINGS = serverSettings();

  private final Path dataDirectory;
  private final int port;
  private final String password;
  private final EmbeddedPostgres postgres;
  private final PostmasterWatchdog watchdog;

  private EmbeddedPostgresStore(
      Path dataDirectory, int port, String password, EmbeddedPostgres postgres) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.password = password;
    this.postgres = postgres;
    this.watchdog = PostmasterWatchdog.watch(dataDirectory, port, SERVER_SETTINGS);
  }

  public static EmbeddedPostgresStore start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      Postmasters.stopOrphan(dataDirectory);
      int port = FreePorts.pick();
      boolean initialised = Files.exists(dataDirectory.resolve("postgresql.conf"));
      Optional<String> kept = PostgresPassword.read(dataDirectory);
      EmbeddedPostgres postgres;
      String password;
      if (!initialised) {
        password = PostgresPassword.generate();
        postgres = initialiseAndStart(dataDirectory, port, password);
      } else if (kept.isPresent()) {
        password = kept.get();
        postgres = builder(dataDirectory, port, password).start();
      } else {
        password = PostgresPassword.generate();
        postgres = secureLegacyDirectory(dataDirectory, port, password);
      }
      createDatabase(port, password);
      log.info("Embedded Postgres ready on port {} (data in {})", port, dataDirectory);
      return new EmbeddedPostgresStore(dataDirectory, port, password, postgres);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException(
          "Could not start the embedded Postgres in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  /** The password of the embedded Postgres whose data lives in {@code dataDirectory}. */
  public static Optional<String> password(Path dataDirectory) {
    return PostgresPassword.read(dataDirectory);
  }

  public String jdbcUrl() {
    return jdbcUrl(port, DATABASE);
  }

  public String password() {
    return password;
  }

  /**
   * The {@code parley.db.*} properties that connect a service to {@code jdbcUrl} on this server.
   */
  public Map<String, Object> connectionProperties(String jdbcUrl) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("parley.db.url", jdbcUrl);
    properties.put("parley.db.user", USER);
    properties.put("parley.db.password", password);
    return properties;
  }

  /**
   * Creates an empty database {@code name} (letters, digits and underscores) on this server and
   * answers the properties that connect a service to it: tests that run several service instances
   * on one store of their own.
   */
  public Map<String, Object> createDatabase(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection connection = connect(port, DATABASE, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return connectionProperties(jdbcUrl(port, name));
  }

  public int port() {
    return port;
  }

  /** How often the server died under this store and was started again. */
  public int restarts() {
    return watchdog.restarts();
  }

  @Override
  public void close() {
    watchdog.stop();
    try {
      postgres.close();
      log.info("Embedded Postgres stopped");
    } catch (IOException e) {
      log.warn("Embedded Postgres did not stop cleanly: {}", e.getMessage());
    }
  }

  static String jdbcUrl(int port, String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=" + USER;
  }

  private static EmbeddedPostgres.Builder builder(Path dataDirectory, int port, String password) {
    return legacyBuilder(dataDirectory, port)
        .setConnectConfig("password", password)
        .setDataDirectoryCustomizer(
            directory -> {
              PostgresPassword.save(directory.toPath(), password);
              HostBasedAuthentication.writePasswordOnly(directory.toPath());
            });
  }

  private static EmbeddedPostgres.Builder legacyBuilder(Path dataDirectory, int port) {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60));
    SERVER_SETTINGS.forEach(builder::setServerConfig);
    return builder;
  }

  /**
   * First start: {@code initdb} sets the password from a file only the owner can read, and asks for
   * it on every connection from the first moment (its later {@code --auth} wins over the library's
   * {@code -A trust}).
   */
  private static EmbeddedPostgres initialiseAndStart(Path dataDirectory, int port, String password)
      throws IOException {
    Path passwordFile = PostgresPassword.ownerOnlyFile(dataDirectory.getParent(), "initdb-");
    try {
      Files.writeString(passwordFile, password + "\n");
      return builder(dataDirectory, port, password)
          .setLocaleConfig("pwfile", passwordFile.toString())
          .setLocaleConfig("auth", "scram-sha-256")
          .start();
    } finally {
      Files.deleteIfExists(passwordFile);
    }
  }

  /**
   * A data directory from a version that let every local user in without a password: start it as it
   * is, give the superuser a password, then require it from now on.
   */
  private static EmbeddedPostgres secureLegacyDirectory(
      Path dataDirectory, int port, String password) throws IOException, SQLException {
    log.warn("The embedded Postgres in {} has no password yet: setting one", dataDirectory);
    EmbeddedPostgres postgres = legacyBuilder(dataDirectory, port).start();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
      PostgresPassword.save(dataDirectory, password);
      HostBasedAuthentication.writePasswordOnly(dataDirectory);
      statement.execute("SELECT pg_reload_conf()");
    }
    return postgres;
  }

  private static void createDatabase(int port, String password) throws SQLException {
    try (Connection connection = connect(port, "postgres", password);
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

  static Connection connect(int port, String database, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(port, database), properties);
  }

  private static Map<String, String> serverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("max_connections", "200");
    // The library defaults to synchronous_commit=off and passes -F (fsync off): a commit it
    // acknowledged could vanish in a crash. These come after -F on the command line and win.
    settings.put("synchronous_commit", "on");
    settings.put("fsync", "on");
    settings.put("full_page_writes", "on");
    return Map.copyOf(settings);
  }
}
