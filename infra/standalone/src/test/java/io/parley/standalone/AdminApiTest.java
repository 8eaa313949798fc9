package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.admin.ManagementPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;

/** The operator API: only for admins; processors, replay while serving, audit and export. */
@StandaloneTest
class AdminApiTest {
  @LocalServerPort int port;
  @Autowired ManagementPort managementPort;
  @Autowired ConfigurableEnvironment environment;
  ApiClient api;
  ApiClient ops;
  String adminToken;
  String userToken;

  @BeforeEach
  void users() {
    api = new ApiClient(port);
    Operator operator = Operator.signIn(managementPort, environment);
    ops = operator.api();
    adminToken = operator.token();
    String name = "plain" + UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, name);
    userToken = TestUsers.login(api, name);
  }

  @Test
  void onlyAdminsReachTheOperatorApi() {
    assertThat(ops.get("/api/admin/processors", null).status()).isEqualTo(401);
    ApiClient.Response forbidden = ops.get("/api/admin/processors", userToken);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.contentType()).contains("application/problem+json");
    assertThat(ops.post("/api/admin/processors/all/replay", userToken, Map.of()).status())
        .isEqualTo(403);
    assertThat(ops.get("/api/admin/processors", adminToken).status()).isEqualTo(200);
  }

  @Test
  void listsEveryProcessorWithItsPositionAgainstTheHead() {
    JsonNode items = ops.get("/api/admin/processors", adminToken).body().path("items");
    List<String> names = new ArrayList<>();
    items.forEach(item -> names.add(item.path("name").asText()));
    assertThat(names).contains("message-timeline", "user-directory", "push-delivery");
    items.forEach(
        item -> {
          assertThat(item.path("head").asLong()).isPositive();
          assertThat(item.has("lagEvents")).isTrue();
        });
  }

  @Test
  void refusesUnknownAndPositionlessProcessors() {
    assertThat(ops.post("/api/admin/processors/nope/replay", adminToken, Map.of()).status())
        .isEqualTo(404);
    assertThat(
            ops.post("/api/admin/processors/push-delivery/replay", adminToken, Map.of()).status())
        .isEqualTo(409);
  }

  @Test
  void replayRebuildsTheTimelineIdenticallyWhileMessagesKeepArriving() {
    String groupId =
        api.post("/api/groups", adminToken, Map.of("name", "Replayed", "visibility", "private"))
            .body()
            .path("conversation")
            .path("conversationId")
            .asText();
    for (int i = 1; i <= 30; i++) {
      send(groupId, "before " + i);
    }
    JsonNode before = awaitHistory(groupId, 30);

    ApiClient.Response replay =
        ops.post("/api/admin/processors/message-timeline/replay", adminToken, Map.of());
    assertThat(replay.status()).isEqualTo(202);
    for (int i = 1; i <= 5; i++) {
      send(groupId, "during " + i);
    }
    Awaiting.until(
        () -> {
          JsonNode status = ops.get("/api/admin/processors/message-timeline", adminToken).body();
          return status.path("caughtUp").asBoolean() && !status.path("replaying").asBoolean()
              ? true
              : null;
        },
        Duration.ofSeconds(60));

    JsonNode after = awaitHistory(groupId, 35);
    for (int i = 0; i < 30; i++) {
      assertThat(after.get(i)).isEqualTo(before.get(i));
    }
    assertThat(after.get(34).path("body").asText()).isEqualTo("during 5");
  }

  @Test
  void showsOneAggregatesEventsAndExportsTheLogAsNdjson() throws Exception {
    String groupId =
        api.post("/api/groups", adminToken, Map.of("name", "Audited", "visibility", "public"))
            .body()
            .path("conversation")
            .path("conversationId")
            .asText();
    send(groupId, "for the record");

    JsonNode events = ops.get("/api/admin/events/" + groupId, adminToken).body().path("items");
    assertThat(events.get(0).path("type").asText()).endsWith("GroupCreatedEvent");
    assertThat(events.get(0).path("sequence").asLong()).isZero();
    assertThat(events.get(events.size() - 1).path("payload").path("body").asText())
        .isEqualTo("for the record");
    assertThat(ops.get("/api/admin/events/" + UUID.randomUUID(), adminToken).status())
        .isEqualTo(404);

    HttpResponse<String> export =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(ops.base() + "/api/admin/events/export"))
                    .header("Authorization", "Bearer " + adminToken)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(export.statusCode()).isEqualTo(200);
    assertThat(export.headers().firstValue("Content-Type").orElse("")).contains("ndjson");
    ObjectMapper json = new ObjectMapper();
    long lines = 0;
    long previous = -1;
    for (String line : export.body().split("\n")) {
      JsonNode event = json.readTree(line);
      assertThat(event.path("globalIndex").asLong()).isGreaterThan(previous);
      previous = event.path("globalIndex").asLong();
      lines++;
    }
    assertThat(lines).isGreaterThanOrEqualTo(events.size());
    assertThat(ops.get("/api/admin/events/export?from=yesterday", adminToken).status())
        .isEqualTo(400);
  }

  private void send(String groupId, String body) {
    assertThat(
            api.post(
                    "/api/conversations/" + groupId + "/messages",
                    adminToken,
                    Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body))
                .status())
        .isEqualTo(201);
  }

  private JsonNode awaitHistory(String groupId, int count) {
    return Awaiting.until(
        () -> {
          JsonNode items =
              api.get("/api/conversations/" + groupId + "/messages?limit=200", adminToken)
                  .body()
                  .path("items");
          return items.size() == count ? items : null;
        },
        Duration.ofSeconds(60));
  }
}
