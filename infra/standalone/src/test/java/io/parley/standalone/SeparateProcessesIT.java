package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalCqlNode;
import io.parley.infra.stores.LocalStores;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three services as three JVMs sharing one Postgres (the JDBC event store) and one CQL node,
 * with no Axon Server: the thin slice works across them, so the services really are separable.
 */
class SeparateProcessesIT {
  @TempDir static Path dataDir;

  @AfterAll
  static void stopStores() {
    LocalStores.stopAll();
  }

  @Test
  void theThinSliceWorksAcrossThreeServiceProcesses() {
    EmbeddedPostgresStore postgres = LocalStores.postgres(dataDir);
    LocalCqlNode cql = LocalStores.cql(dataDir);
    int commandPort = freePort();
    int queryPort = freePort();
    int pushPort = freePort();
    Map<String, String> common = new HashMap<>();
    common.put("PARLEY_DB_URL", postgres.jdbcUrl());
    common.put("PARLEY_DB_USER", EmbeddedPostgresStore.USER);
    common.put("PARLEY_DB_PASSWORD", postgres.password());
    common.put("PARLEY_DATA_DIR", dataDir.toString());
    common.put("PARLEY_CQL_CONTACT_POINTS", cql.contactPoint());
    common.put("PARLEY_CQL_DATACENTER", "datacenter1");

    try (LauncherProcess command =
            LauncherProcess.startJar(
                "parley.command-side.jar", with(common, "PARLEY_COMMAND_PORT", commandPort));
        LauncherProcess query =
            LauncherProcess.startJar(
                "parley.query-side.jar", with(common, "PARLEY_QUERY_PORT", queryPort));
        LauncherProcess push =
            LauncherProcess.startJar(
                "parley.realtime-push.jar", with(common, "PARLEY_PUSH_PORT", pushPort))) {
      for (LauncherProcess service : List.of(command, query, push)) {
        service.awaitLine("Started ", Duration.ofSeconds(240));
      }
      ApiClient commands = new ApiClient(commandPort);
      ApiClient queries = new ApiClient(queryPort);
      assertThat(queries.get("/actuator/health", null).body().path("status").asText())
          .isEqualTo("UP");

      String suffix = UUID.randomUUID().toString().substring(0, 8);
      TestUsers.register(commands, "ann" + suffix);
      String bobId =
          TestUsers.register(commands, "ben" + suffix).body().path("user").path("userId").asText();
      String annToken = TestUsers.login(commands, "ann" + suffix);
      String benToken = TestUsers.login(commands, "ben" + suffix);
      String groupId =
          commands
              .post(
                  "/api/groups",
                  annToken,
                  Map.of("name", "Split", "visibility", "private", "memberIds", List.of(bobId)))
              .body()
              .path("conversation")
              .path("conversationId")
              .asText();

      try (GatewayClient benSocket = new GatewayClient(pushPort)) {
        benSocket.send(Map.of("op", "identify", "token", benToken));
        benSocket.nextOp("ready", Duration.ofSeconds(10));
        // the push process learns the membership from the shared event store
        Awaiting.until(
            () -> {
              send(commands, annToken, groupId, "ping");
              try {
                return benSocket.nextOp("event", Duration.ofMillis(500));
              } catch (AssertionError notYet) {
                return null;
              }
            },
            Duration.ofSeconds(30));
        // presence crosses from the push JVM to the query JVM by NOTIFY, not the event log
        awaitPresence(queries, annToken, bobId, "online");
      }
      awaitPresence(queries, annToken, bobId, "offline");

      JsonNode page =
          Awaiting.until(
              () -> {
                JsonNode body =
                    queries.get("/api/conversations/" + groupId + "/messages", benToken).body();
                return body != null && body.path("items").size() > 0 ? body : null;
              },
              Duration.ofSeconds(20));
      assertThat(page.path("items").get(0).path("body").asText()).isEqualTo("ping");
    }
  }

  private static void awaitPresence(ApiClient queries, String token, String userId, String status) {
    Awaiting.until(
        () -> {
          JsonNode body = queries.get("/api/users/" + userId, token).body();
          return body != null && status.equals(body.path("presence").path("status").asText())
              ? body
              : null;
        },
        Duration.ofSeconds(20));
  }

  private static void send(ApiClient api, String token, String groupId, String body) {
    assertThat(
            api.post(
                    "/api/conversations/" + groupId + "/messages",
                    token,
                    Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body))
                .status())
        .isEqualTo(201);
  }

  private static Map<String, String> with(Map<String, String> common, String key, int port) {
    Map<String, String> env = new HashMap<>(common);
    env.put(key, String.valueOf(port));
    return env;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
