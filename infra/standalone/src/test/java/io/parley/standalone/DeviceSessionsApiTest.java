package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** GET /api/me/sessions and DELETE /api/me/sessions/{id}: one's own devices, listed and revoked. */
@StandaloneTest
class DeviceSessionsApiTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @LocalServerPort int port;
  AuthHttp auth;
  String name;
  AuthHttp.Reply phone;
  AuthHttp.Reply laptop;

  @BeforeEach
  void twoDevices() {
    auth = new AuthHttp(port).from(AuthHttp.freshAddress());
    name = "sess" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(auth.register(name, name + "@example.test", TestUsers.PASSWORD).status())
        .isEqualTo(201);
    phone = auth.login(name, TestUsers.PASSWORD, "phone");
    laptop = auth.login(name, TestUsers.PASSWORD, "laptop");
  }

  private static String access(AuthHttp.Reply login) {
    return login.body().path("accessToken").asText();
  }

  private static String refresh(AuthHttp.Reply login) {
    return login.body().path("refreshToken").asText();
  }

  private List<JsonNode> sessions(String token) {
    AuthHttp.Reply reply = auth.get("/api/me/sessions", token);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("nextCursor").isNull()).isTrue();
    List<JsonNode> items = new ArrayList<>();
    reply.body().path("items").forEach(items::add);
    return items;
  }

  @Test
  void eachLiveDeviceIsListedWithItsNameTimesAndWhichIsTheCallers() {
    List<JsonNode> items = sessions(access(laptop));

    assertThat(items).extracting(s -> s.path("deviceName").asText()).contains("phone", "laptop");
    assertThat(items).hasSize(2);
    JsonNode mine =
        items.stream().filter(s -> s.path("current").asBoolean()).findFirst().orElseThrow();
    assertThat(mine.path("deviceName").asText()).isEqualTo("laptop");
    assertThat(items.stream().filter(s -> s.path("current").asBoolean())).hasSize(1);
    for (JsonNode s : items) {
      UUID.fromString(s.path("sessionId").asText());
      Instant created = Instant.parse(s.path("createdAt").asText());
      Instant lastUsed = Instant.parse(s.path("lastUsedAt").asText());
      assertThat(lastUsed).isAfterOrEqualTo(created);
    }
  }

  @Test
  void aRefreshCountsAsTheSessionsLastUse() {
    JsonNode before = byName(sessions(access(laptop)), "phone");
    AuthHttp.Reply refreshed = auth.refresh(refresh(phone));
    assertThat(refreshed.status()).isEqualTo(200);

    JsonNode after = byName(sessions(access(laptop)), "phone");
    assertThat(after.path("sessionId").asText()).isEqualTo(before.path("sessionId").asText());
    assertThat(Instant.parse(after.path("lastUsedAt").asText()))
        .isAfterOrEqualTo(Instant.parse(before.path("lastUsedAt").asText()));
    assertThat(after.path("lastUsedAt").asText())
        .isEqualTo(
            byName(sessions(refreshed.body().path("accessToken").asText()), "phone")
                .path("lastUsedAt")
                .asText());
  }

  @Test
  void revokingAnotherDeviceEndsItsRefreshTokenAccessTokenAndSocketAtOnce() {
    String phoneSession = byName(sessions(access(laptop)), "phone").path("sessionId").asText();
    try (GatewayClient phoneSocket = new GatewayClient(port)) {
      phoneSocket.send(Map.of("op", "identify", "token", access(phone)));
      phoneSocket.nextOp("ready", WAIT);

      AuthHttp.Reply revoked =
          auth.send("DELETE", "/api/me/sessions/" + phoneSession, access(laptop), null);
      assertThat(revoked.status()).isEqualTo(204);

      assertThat(phoneSocket.awaitClose(WAIT)).isEqualTo(4001);
    }
    assertThat(auth.refresh(refresh(phone)).status()).isEqualTo(401);
    Awaiting.until(() -> auth.get("/api/me", access(phone)).status() == 401 ? true : null, WAIT);
    assertThat(sessions(access(laptop)))
        .extracting(s -> s.path("deviceName").asText())
        .containsExactly("laptop");
    // revoking again changes nothing and still answers 204
    assertThat(
            auth.send("DELETE", "/api/me/sessions/" + phoneSession, access(laptop), null).status())
        .isEqualTo(204);
    assertThat(auth.get("/api/me", access(laptop)).status()).isEqualTo(200);
  }

  @Test
  void anotherUsersSessionIsUnknownAndStaysAlive() {
    String other = "oth" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(auth.register(other, other + "@example.test", TestUsers.PASSWORD).status())
        .isEqualTo(201);
    AuthHttp.Reply stranger = auth.login(other, TestUsers.PASSWORD, "stranger");
    String strangersSession = sessions(access(stranger)).get(0).path("sessionId").asText();

    AuthHttp.Reply refused =
        auth.send("DELETE", "/api/me/sessions/" + strangersSession, access(laptop), null);

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(auth.refresh(refresh(stranger)).status()).isEqualTo(200);
    assertThat(
            auth.send("DELETE", "/api/me/sessions/" + UUID.randomUUID(), access(laptop), null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void badSessionIdsAndMissingTokensAreRefused() {
    AuthHttp.Reply malformed =
        auth.send("DELETE", "/api/me/sessions/not-a-uuid", access(laptop), null);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().path("errors").findValuesAsText("field")).contains("sessionId");
    assertThat(auth.get("/api/me/sessions", null).status()).isEqualTo(401);
    assertThat(auth.send("DELETE", "/api/me/sessions/" + UUID.randomUUID(), null, null).status())
        .isEqualTo(401);
  }

  private static JsonNode byName(List<JsonNode> sessions, String deviceName) {
    return sessions.stream()
        .filter(s -> deviceName.equals(s.path("deviceName").asText()))
        .findFirst()
        .orElseThrow();
  }
}
