package io.parley.infra.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresStoreTest {
  @TempDir Path dataDir;

  @Test
  void commitsDurablyAndLetsInOnlyWhoeverHasTheGeneratedPassword() throws Exception {
    Path directory = dataDir.resolve("postgres");
    try (EmbeddedPostgresStore store = EmbeddedPostgresStore.start(directory)) {
      try (Connection connection = connect(store, store.password())) {
        assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
        assertThat(show(connection, "fsync")).isEqualTo("on");
        assertThat(show(connection, "full_page_writes")).isEqualTo("on");
      }
      assertThatThrownBy(() -> DriverManager.getConnection(store.jdbcUrl()))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      assertThatThrownBy(() -> connect(store, "guessed"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");

      Path passwordFile = directory.resolve(PostgresPassword.FILE_NAME);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(passwordFile).trim()).isEqualTo(store.password()).hasSize(43);
      assertThat(Files.readAllLines(directory.resolve("pg_hba.conf")))
          .filteredOn(line -> !line.startsWith("#") && !line.isBlank())
          .isNotEmpty()
          .allSatisfy(line -> assertThat(line).endsWith("scram-sha-256"));
    }
  }

  @Test
  void keepsItsPasswordAndItsDataAcrossARestart() throws Exception {
    Path directory = dataDir.resolve("postgres");
    String password;
    try (EmbeddedPostgresStore store = EmbeddedPostgresStore.start(directory);
        Connection connection = connect(store, store.password());
        Statement statement = connection.createStatement()) {
      password = store.password();
      statement.execute("CREATE TABLE kept (id int)");
      statement.execute("INSERT INTO kept VALUES (1)");
    }
    try (EmbeddedPostgresStore store = EmbeddedPostgresStore.start(directory);
        Connection connection = connect(store, password)) {
      assertThat(store.password()).isEqualTo(password);
      assertThat(count(connection, "kept")).isEqualTo(1);
    }
  }

  @Test
  void aDataDirectoryFromBeforePasswordsGetsOneOnItsNextStart() throws Exception {
    Path directory = dataDir.resolve("postgres");
    Files.createDirectories(directory);
    try (EmbeddedPostgres trusting =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .start()) {
      trusting.getPostgresDatabase().getConnection().close();
    }
    try (EmbeddedPostgresStore store = EmbeddedPostgresStore.start(directory)) {
      assertThat(EmbeddedPostgresStore.password(directory)).contains(store.password());
      assertThatThrownBy(() -> DriverManager.getConnection(store.jdbcUrl()))
          .isInstanceOf(SQLException.class);
      try (Connection connection = connect(store, store.password())) {
        assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
      }
    }
  }

  @Test
  void aKilledPostmasterIsStartedAgainOnTheSamePortWithEveryCommittedRow() throws Exception {
    Path directory = dataDir.resolve("postgres");
    try (EmbeddedPostgresStore store = EmbeddedPostgresStore.start(directory)) {
      try (Connection connection = connect(store, store.password());
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE acknowledged (id int)");
        statement.execute("INSERT INTO acknowledged SELECT generate_series(1, 1000)");
      }
      ProcessHandle postmaster = Postmasters.running(directory).orElseThrow();
      new ProcessBuilder("kill", "-9", String.valueOf(postmaster.pid())).start().waitFor();

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (store.restarts() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(store.restarts()).isEqualTo(1);
      assertThat(Postmasters.running(directory)).get().isNotEqualTo(postmaster);
      try (Connection connection = connect(store, store.password())) {
        assertThat(count(connection, "acknowledged")).isEqualTo(1000);
      }
    }
  }

  private static Connection connect(EmbeddedPostgresStore store, String password)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("password", password);
    return DriverManager.getConnection(store.jdbcUrl(), properties);
  }

  private static String show(Connection connection, String setting) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
