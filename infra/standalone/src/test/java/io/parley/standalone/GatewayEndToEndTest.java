package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The gateway against the whole running app: messages sent over REST reach every device of every
 * member (the sender's other devices too) and nobody else; a pushed message is already in the
 * history when it arrives; a dropped device resumes exactly, or resyncs by REST.
 */
@StandaloneTest
class GatewayEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @LocalServerPort int port;

  private record Group(String id, String aliceToken, String bobToken, String eveToken) {}

  private Group group(ApiClient api) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, "alice" + suffix);
    String bobId =
        TestUsers.register(api, "bob" + suffix).body().path("user").path("userId").asText();
    TestUsers.register(api, "eve" + suffix);
    String aliceToken = TestUsers.login(api, "alice" + suffix);
    ApiClient.Response created =
        api.post(
            "/api/groups", aliceToken, Map.of("name", "E2E " + suffix, "visibility", "private"));
    String groupId = created.body().path("conversation").path("conversationId").asText();
    assertThat(
            api.post("/api/groups/" + groupId + "/members", aliceToken, Map.of("userId", bobId))
                .status())
        .isEqualTo(204);
    return new Group(
        groupId,
        aliceToken,
        TestUsers.login(api, "bob" + suffix),
        TestUsers.login(api, "eve" + suffix));
  }

  private GatewayClient identified(String token) {
    GatewayClient client = new GatewayClient(port);
    client.send(Map.of("op", "identify", "token", token));
    client.nextOp("ready", WAIT);
    return client;
  }

  private static JsonNode nextMessage(GatewayClient client) {
    while (true) {
      JsonNode frame = client.nextOp("event", WAIT);
      if ("message.created".equals(frame.path("type").asText())) {
        return frame;
      }
    }
  }

  private static ApiClient.Response send(ApiClient api, Group group, String body) {
    ApiClient.Response sent =
        api.post(
            "/api/conversations/" + group.id() + "/messages",
            group.aliceToken(),
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body));
    assertThat(sent.status()).isEqualTo(201);
    return sent;
  }

  @Test
  void everyDeviceGetsEveryMessageWhichIsAlreadyInTheHistoryWhenItArrives() {
    ApiClient api = new ApiClient(port);
    Group group = group(api);
    int count = 20;
    long[] micros = new long[count];
    long[] postMicros = new long[count];
    try (GatewayClient aliceWeb = identified(group.aliceToken());
        GatewayClient alicePhone = identified(group.aliceToken());
        GatewayClient bobPhone = identified(group.bobToken());
        GatewayClient eve = identified(group.eveToken())) {
      for (int i = 1; i <= count; i++) {
        long start = System.nanoTime();
        send(api, group, "message " + i);
        postMicros[i - 1] = (System.nanoTime() - start) / 1_000;
        JsonNode pushed = nextMessage(bobPhone);
        micros[i - 1] = (System.nanoTime() - start) / 1_000;
        assertThat(pushed.path("seq").asLong()).isEqualTo(i);

        // Read at once: the read barrier holds the read until the timeline has the pushed message.
        ApiClient.Response history =
            api.get(
                "/api/conversations/" + group.id() + "/messages?after=" + (i - 1),
                group.bobToken());
        assertThat(history.body().path("items").get(0).path("body").asText())
            .isEqualTo("message " + i);

        assertThat(nextMessage(alicePhone).path("seq").asLong()).isEqualTo(i);
        assertThat(nextMessage(aliceWeb).path("seq").asLong()).isEqualTo(i);
      }
      assertThatThrownBy(() -> eve.nextOp("event", Duration.ofMillis(500)))
          .as("a non-member's socket receives nothing")
          .isInstanceOf(AssertionError.class);
    }
    Arrays.sort(micros);
    Arrays.sort(postMicros);
    System.out.printf(
        "LATENCY standalone POST start -> other member's socket (%d messages): p50 %.1f ms, max"
            + " %.1f ms; the POST response alone: p50 %.1f ms, max %.1f ms%n",
        count,
        micros[count / 2] / 1000.0,
        micros[count - 1] / 1000.0,
        postMicros[count / 2] / 1000.0,
        postMicros[count - 1] / 1000.0);
  }

  @Test
  void aDroppedDeviceResumesExactlyOrResyncsByRestAfterInvalidSession() {
    ApiClient api = new ApiClient(port);
    Group group = group(api);
    String sessionId;
    long lastEventId;
    try (GatewayClient bob = new GatewayClient(port)) {
      bob.send(Map.of("op", "identify", "token", group.bobToken()));
      sessionId = bob.nextOp("ready", WAIT).path("sessionId").asText();
      send(api, group, "before the drop");
      lastEventId = nextMessage(bob).path("eventId").asLong();
    }
    for (int i = 0; i < 3; i++) {
      send(api, group, "while away " + i);
    }

    try (GatewayClient bob = new GatewayClient(port)) {
      bob.send(
          Map.of(
              "op",
              "identify",
              "token",
              group.bobToken(),
              "resume",
              Map.of("sessionId", sessionId, "lastEventId", lastEventId)));
      List<Long> replayed = new ArrayList<>();
      while (true) {
        JsonNode frame = bob.next(WAIT);
        if ("resumed".equals(frame.path("op").asText())) {
          break;
        }
        if ("message.created".equals(frame.path("type").asText())) {
          replayed.add(frame.path("seq").asLong());
        }
      }
      // Whatever the gateway had not yet pushed when the device came back arrives live next.
      while (replayed.isEmpty() || replayed.get(replayed.size() - 1) < 4) {
        replayed.add(nextMessage(bob).path("seq").asLong());
      }
      assertThat(replayed).as("no loss, no duplicate").containsExactly(2L, 3L, 4L);
    }

    try (GatewayClient bob = new GatewayClient(port)) {
      bob.send(
          Map.of(
              "op",
              "identify",
              "token",
              group.bobToken(),
              "resume",
              Map.of("sessionId", UUID.randomUUID().toString(), "lastEventId", 1)));
      assertThat(bob.nextOp("invalid_session", WAIT)).isNotNull();
      JsonNode missed =
          api.get("/api/conversations/" + group.id() + "/messages?after=1", group.bobToken())
              .body();
      assertThat(missed.path("items").findValuesAsText("seq")).containsExactly("2", "3", "4");
    }
  }
}
