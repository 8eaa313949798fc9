package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a new user runs it: it prints the URL, reports healthy stores, keeps every
 * message across a restart, leaves no process behind, and fails fast with one clear line when a
 * store or its port is wrong.
 */
class StandaloneLauncherIT {
  private static final Duration START = Duration.ofSeconds(240);

  @TempDir Path dataDir;

  @Test
  void startsPrintsItsUrlAndKeepsMessagesAcrossARestartWithNoProcessLeftBehind() {
    int port = TestPorts.free();
    String groupId;
    String token;
    try (LauncherProcess launcher = LauncherProcess.start(dataDir, port, Map.of())) {
      assertThat(launcher.awaitLine("Parley is running. Open http://localhost:", START))
          .contains("http://localhost:" + port + "/");
      ApiClient api = new ApiClient(port);
      JsonNode health = api.get("/actuator/health", null).body();
      assertThat(health.path("status").asText()).isEqualTo("UP");
      assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
      assertThat(health.path("components").path("cassandra").path("status").asText())
          .isEqualTo("UP");
      assertThat(api.get("/", null).status()).isEqualTo(200);

      TestUsers.register(api, "restart");
      token = TestUsers.login(api, "restart");
      groupId =
          api.post("/api/groups", token, Map.of("name", "Durable", "visibility", "private"))
              .body()
              .path("conversation")
              .path("conversationId")
              .asText();
      assertThat(
              api.post(
                      "/api/conversations/" + groupId + "/messages",
                      token,
                      Map.of(
                          "clientMessageId", UUID.randomUUID().toString(), "body", "still here?"))
                  .status())
          .isEqualTo(201);
      Awaiting.until(
          () -> api.get(messages(groupId), token).body().path("items").size() == 1 ? true : null,
          Duration.ofSeconds(20));

      List<ProcessHandle> children = launcher.rememberChildren();
      assertThat(children).as("embedded Postgres and the CQL node run as children").isNotEmpty();
      launcher.terminate();
      assertThat(launcher.awaitExit(Duration.ofSeconds(60))).isIn(0, 130, 143);
      Awaiting.until(
          () -> children.stream().noneMatch(ProcessHandle::isAlive) ? true : null,
          Duration.ofSeconds(30));
    }

    try (LauncherProcess again = LauncherProcess.start(dataDir, port, Map.of())) {
      again.awaitLine("Parley is running", START);
      ApiClient api = new ApiClient(port);
      String newToken = TestUsers.login(api, "restart");
      JsonNode items = api.get(messages(groupId), newToken).body().path("items");
      assertThat(items).hasSize(1);
      assertThat(items.get(0).path("body").asText()).isEqualTo("still here?");
      assertThat(token).isNotBlank();
    }
  }

  @Test
  void failsFastNamingTheSettingWhenPostgresIsUnreachable() {
    try (LauncherProcess launcher =
        LauncherProcess.start(
            dataDir,
            TestPorts.free(),
            Map.of(
                "PARLEY_DB_URL", "jdbc:postgresql://127.0.0.1:" + TestPorts.free() + "/parley"))) {
      assertThat(launcher.awaitExit(Duration.ofSeconds(60))).isNotZero();
      assertThat(launcher.output())
          .contains("Postgres cannot be reached")
          .contains("PARLEY_DB_URL")
          .doesNotContain("\tat org.");
    }
  }

  @Test
  void failsFastNamingTheSettingWhenTheCqlStoreIsUnreachable() {
    try (LauncherProcess launcher =
        LauncherProcess.start(
            dataDir,
            TestPorts.free(),
            Map.of("PARLEY_CQL_CONTACT_POINTS", "127.0.0.1:" + TestPorts.free()))) {
      assertThat(launcher.awaitExit(Duration.ofSeconds(120))).isNotZero();
      assertThat(launcher.output())
          .contains("cannot be reached")
          .contains("PARLEY_CQL_CONTACT_POINTS")
          .doesNotContain("\tat org.");
    }
  }

  @Test
  void refusesATakenPortAtOnceNamingTheSetting() throws IOException {
    try (ServerSocket taken = new ServerSocket(0);
        LauncherProcess launcher = LauncherProcess.start(dataDir, taken.getLocalPort(), Map.of())) {
      assertThat(launcher.awaitExit(Duration.ofSeconds(30))).isNotZero();
      assertThat(launcher.output())
          .contains("Port " + taken.getLocalPort() + " is already in use")
          .contains("PARLEY_PORT");
      assertThat(Files.exists(dataDir.resolve("postgres"))).as("no store was started").isFalse();
    }
  }

  private static String messages(String groupId) {
    return "/api/conversations/" + groupId + "/messages";
  }
}
