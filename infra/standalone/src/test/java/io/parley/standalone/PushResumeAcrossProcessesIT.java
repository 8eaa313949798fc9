package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume on any push process (docs/adr/0175) with the service jars as JVMs: the command side and
 * two realtime-push processes on one Postgres. A client's push process is stopped (SIGTERM); its
 * socket is closed with 1012; messages are sent meanwhile; the client resumes on the other process
 * and gets exactly the missed messages, in order and once, then live ones.
 */
class PushResumeAcrossProcessesIT {
  @TempDir static Path dataDir;

  @AfterAll
  static void stopStores() {
    LocalStores.stopAll();
  }

  @Test
  void aClientOfAStoppedPushProcessResumesOnTheOtherWithExactlyTheMissedMessages() {
    EmbeddedPostgresStore postgres = LocalStores.postgres(dataDir);
    int commandPort = TestPorts.free();
    int pushPortA = TestPorts.free();
    int pushPortB = TestPorts.free();
    Map<String, String> common = new HashMap<>();
    common.put("PARLEY_DB_URL", postgres.jdbcUrl());
    common.put("PARLEY_DB_USER", EmbeddedPostgresStore.USER);
    common.put("PARLEY_DB_PASSWORD", postgres.password());
    common.put("PARLEY_DATA_DIR", dataDir.toString());

    try (LauncherProcess command =
            LauncherProcess.startJar(
                "parley.command-side.jar", with(common, "PARLEY_COMMAND_PORT", commandPort));
        LauncherProcess pushA =
            LauncherProcess.startJar(
                "parley.realtime-push.jar", with(common, "PARLEY_PUSH_PORT", pushPortA));
        LauncherProcess pushB =
            LauncherProcess.startJar(
                "parley.realtime-push.jar", with(common, "PARLEY_PUSH_PORT", pushPortB))) {
      for (LauncherProcess service : List.of(command, pushA, pushB)) {
        service.awaitLine("Started ", Duration.ofSeconds(240));
      }
      ApiClient commands = new ApiClient(commandPort);
      String suffix = UUID.randomUUID().toString().substring(0, 8);
      TestUsers.register(commands, "ann" + suffix);
      String benId =
          TestUsers.register(commands, "ben" + suffix).body().path("user").path("userId").asText();
      String annToken = TestUsers.login(commands, "ann" + suffix);
      String benToken = TestUsers.login(commands, "ben" + suffix);
      String groupId =
          commands
              .post(
                  "/api/groups",
                  annToken,
                  Map.of("name", "Handover", "visibility", "private", "memberIds", List.of(benId)))
              .body()
              .path("conversation")
              .path("conversationId")
              .asText();

      String sessionId;
      long lastEventId = 0;
      try (GatewayClient benOnA = new GatewayClient(pushPortA)) {
        benOnA.send(Map.of("op", "identify", "token", benToken));
        sessionId = benOnA.nextOp("ready", Duration.ofSeconds(10)).path("sessionId").asText();
        // the push process learns the membership from the shared event store
        Awaiting.until(
            () -> {
              send(commands, annToken, groupId, "ping");
              try {
                return benOnA.nextOp("event", Duration.ofMillis(500));
              } catch (AssertionError notYet) {
                return null;
              }
            },
            Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
          send(commands, annToken, groupId, "seen " + i);
        }
        List<String> seen = new ArrayList<>();
        while (!seen.contains("seen 2")) {
          JsonNode frame = benOnA.nextOp("event", Duration.ofSeconds(10));
          lastEventId = frame.path("eventId").asLong();
          if ("message.created".equals(frame.path("type").asText())) {
            seen.add(frame.path("data").path("body").asText());
          }
        }

        pushA.terminate();
        assertThat(benOnA.awaitClose(Duration.ofSeconds(60))).as("close code").isEqualTo(1012);
        while (true) {
          try {
            lastEventId = benOnA.nextOp("event", Duration.ofMillis(200)).path("eventId").asLong();
          } catch (AssertionError none) {
            break;
          }
        }
      }

      for (int i = 0; i < 5; i++) {
        send(commands, annToken, groupId, "missed " + i);
      }

      try (GatewayClient benOnB = new GatewayClient(pushPortB)) {
        benOnB.send(
            Map.of(
                "op",
                "identify",
                "token",
                benToken,
                "resume",
                Map.of("sessionId", sessionId, "lastEventId", lastEventId)));
        // The replay comes before resumed; what the other process's live delivery had not
        // reached yet when it took over comes after it, as live events.
        List<String> missed = new ArrayList<>();
        long expectedId = lastEventId;
        boolean resumed = false;
        while (!resumed || missed.size() < 5) {
          JsonNode frame = benOnB.next(Duration.ofSeconds(30));
          String op = frame.path("op").asText();
          if ("resumed".equals(op)) {
            assertThat(resumed).as("resumed once").isFalse();
            resumed = true;
            continue;
          }
          if ("heartbeat_ack".equals(op)) {
            continue;
          }
          assertThat(op).as("frame of a resume: " + frame).isEqualTo("event");
          assertThat(frame.path("eventId").asLong()).isEqualTo(++expectedId);
          if ("message.created".equals(frame.path("type").asText())) {
            missed.add(frame.path("data").path("body").asText());
          }
        }
        assertThat(missed)
            .containsExactly("missed 0", "missed 1", "missed 2", "missed 3", "missed 4");

        send(commands, annToken, groupId, "live");
        JsonNode live = benOnB.nextOp("event", Duration.ofSeconds(10));
        while (!"message.created".equals(live.path("type").asText())) {
          assertThat(live.path("eventId").asLong()).isGreaterThan(expectedId);
          expectedId = live.path("eventId").asLong();
          live = benOnB.nextOp("event", Duration.ofSeconds(10));
        }
        assertThat(live.path("data").path("body").asText()).isEqualTo("live");
        assertThat(live.path("eventId").asLong()).isGreaterThan(expectedId);
        assertThat(quietEvents(benOnB)).as("nothing twice").isEmpty();
      }
      // both stop at once; closing them waits for each
      command.terminate();
      pushB.terminate();
    }
  }

  private static List<JsonNode> quietEvents(GatewayClient client) {
    List<JsonNode> events = new ArrayList<>();
    while (true) {
      try {
        JsonNode frame = client.next(Duration.ofMillis(1000));
        if ("message.created".equals(frame.path("type").asText())) {
          events.add(frame);
        }
      } catch (AssertionError quiet) {
        return events;
      }
    }
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
}
