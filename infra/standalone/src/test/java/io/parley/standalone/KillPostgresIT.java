package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.infra.stores.EmbeddedPostgresStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Postgres of the default start (the launcher jar, as {@code infra/parley start} runs
 * it): it commits durably, lets no one in without its password, and when its postmaster is killed
 * mid-load the app starts it again with every acknowledged message kept.
 */
class KillPostgresIT {
  @TempDir Path dataDir;

  @Test
  void theDefaultStartsPostgresCommitsDurablyAndSurvivesKill9OfItsPostmasterMidLoad()
      throws Exception {
    int port = TestPorts.free();
    try (LauncherProcess launcher = FaultyLaunch.start(dataDir, port)) {
      Path postgresData = dataDir.resolve("postgres");
      String password = EmbeddedPostgresStore.password(postgresData).orElseThrow();
      String url = "jdbc:postgresql://localhost:" + postmasterPort(postgresData) + "/parley";
      try (Connection connection = connect(url, password)) {
        assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
        assertThat(show(connection, "fsync")).isEqualTo("on");
        assertThat(show(connection, "full_page_writes")).isEqualTo("on");
      }
      assertThatThrownBy(() -> DriverManager.getConnection(url + "?user=postgres"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> connect(url, "not-" + password))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");

      GroupUnderLoad group = GroupUnderLoad.create(port, 4);
      try (GroupSenders senders = group.startSending(port)) {
        senders.awaitAcknowledged(100, Duration.ofSeconds(60));
        long killed = postmasterPid(postgresData);
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        int acknowledgedAtTheKill = senders.acknowledged();

        launcher.awaitLine("The embedded Postgres runs again", Duration.ofSeconds(90));
        assertThat(postmasterPid(postgresData)).isNotEqualTo(killed);
        senders.awaitAcknowledged(acknowledgedAtTheKill + 50, Duration.ofSeconds(90));
        Map<String, GroupSenders.Ack> acks = senders.finish(Duration.ofSeconds(60));
        group.assertConverged(senders, acks, port);
      }
    }
  }

  private static Connection connect(String url, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", EmbeddedPostgresStore.USER);
    properties.setProperty("password", password);
    return DriverManager.getConnection(url, properties);
  }

  private static String show(Connection connection, String setting) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** {@code postmaster.pid}: line 1 the pid, line 4 the port. */
  private static long postmasterPid(Path postgresData) throws java.io.IOException {
    return Long.parseLong(pidFile(postgresData).get(0).trim());
  }

  private static int postmasterPort(Path postgresData) throws java.io.IOException {
    return Integer.parseInt(pidFile(postgresData).get(3).trim());
  }

  private static List<String> pidFile(Path postgresData) throws java.io.IOException {
    return Files.readAllLines(postgresData.resolve("postmaster.pid"));
  }
}
