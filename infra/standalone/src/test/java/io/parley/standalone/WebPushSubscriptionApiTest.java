package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Web Push subscription API (docs/api.md, Web Push) over real HTTP, hostile input included. */
@StandaloneTest
class WebPushSubscriptionApiTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private Map<String, Object> valid(String endpoint) throws Exception {
    PushServiceStub.Device device = deviceKeys();
    return Map.of(
        "endpoint",
        endpoint,
        "keys",
        Map.of("p256dh", b64(device.publicPoint()), "auth", b64(device.auth())));
  }

  private static PushServiceStub.Device deviceKeys() throws Exception {
    try (PushServiceStub stub = new PushServiceStub()) {
      return stub.device("keys");
    }
  }

  private List<UUID> ownerOf(String endpoint) {
    return jdbc.queryForList(
        "SELECT user_id FROM push_subscription WHERE endpoint = ?", UUID.class, endpoint);
  }

  private int countOf(Calls.Actor user) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM push_subscription WHERE user_id = ?", Integer.class, user.id());
  }

  @Test
  void theVapidKeyIsAnUncompressedP256PointForSignedInUsersOnly() throws Exception {
    Calls calls = new Calls(port);
    Calls.Actor user = calls.newUser("vapid");
    assertThat(calls.get(null, "/api/push/vapid-key").status()).isEqualTo(401);
    String key =
        Calls.expect(calls.get(user, "/api/push/vapid-key"), 200).path("publicKey").asText();
    byte[] point = Base64.getUrlDecoder().decode(key);
    assertThat(point).hasSize(65);
    assertThat(point[0]).isEqualTo((byte) 4);
    assertThat(PushServiceStub.publicKey(point)).isNotNull();
    assertThat(key).doesNotContain("=", "+", "/");
    assertThat(Calls.expect(calls.get(user, "/api/push/vapid-key"), 200).path("publicKey").asText())
        .isEqualTo(key);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM push_vapid_key", Integer.class))
        .as("one key pair for every push process")
        .isEqualTo(1);
  }

  @Test
  void registeringIsIdempotentByEndpointAndAnEndpointBelongsToItsLatestUser() throws Exception {
    Calls calls = new Calls(port);
    Calls.Actor ann = calls.newUser("subann");
    Calls.Actor ben = calls.newUser("subben");
    String endpoint = "https://push.example.test/wpush/" + UUID.randomUUID();
    Map<String, Object> body = valid(endpoint);
    assertThat(calls.post(null, "/api/push/subscriptions", body).status()).isEqualTo(401);
    Calls.expect(calls.post(ann, "/api/push/subscriptions", body), 204);
    Calls.expect(calls.post(ann, "/api/push/subscriptions", body), 204);
    assertThat(ownerOf(endpoint)).containsExactly(ann.id());
    // The same browser, signed in as someone else: its pushes are now theirs.
    Calls.expect(calls.post(ben, "/api/push/subscriptions", body), 204);
    assertThat(ownerOf(endpoint)).containsExactly(ben.id());

    String query =
        "/api/push/subscriptions?endpoint=" + URLEncoder.encode(endpoint, StandardCharsets.UTF_8);
    Calls.expect(calls.delete(ann, query), 204);
    assertThat(ownerOf(endpoint)).as("not ann's to delete").containsExactly(ben.id());
    Calls.expect(calls.delete(ben, query), 204);
    assertThat(ownerOf(endpoint)).isEmpty();
    Calls.expect(calls.delete(ben, query), 204);
    Calls.expect(calls.delete(ben, "/api/push/subscriptions"), 400);
    assertThat(calls.delete(null, query).status()).isEqualTo(401);
  }

  @Test
  void aUserKeepsAtMostTenSubscriptionsTheOldestGoing() throws Exception {
    Calls calls = new Calls(port);
    Calls.Actor user = calls.newUser("submany");
    String first = "https://push.example.test/many/" + UUID.randomUUID();
    Calls.expect(calls.post(user, "/api/push/subscriptions", valid(first)), 204);
    for (int i = 0; i < 10; i++) {
      Calls.expect(
          calls.post(
              user,
              "/api/push/subscriptions",
              valid("https://push.example.test/many/" + UUID.randomUUID())),
          204);
    }
    assertThat(countOf(user)).isEqualTo(10);
    assertThat(ownerOf(first)).as("the oldest went").isEmpty();
  }

  @Test
  void hostileSubscriptionsAreRefusedWith400AndWriteNothing() throws Exception {
    Calls calls = new Calls(port);
    Calls.Actor user = calls.newUser("subhostile");
    Map<String, Object> good = valid("https://push.example.test/ok");
    @SuppressWarnings("unchecked")
    Map<String, Object> keys = (Map<String, Object>) good.get("keys");
    byte[] point = Base64.getUrlDecoder().decode((String) keys.get("p256dh"));
    byte[] offCurve = point.clone();
    offCurve[64] ^= 1;
    byte[] compressed = new byte[33];
    compressed[0] = 2;

    List<String> endpoints =
        List.of(
            "",
            "http://push.example.test/plain-http",
            "javascript:alert(1)",
            "https://user:secret@push.example.test/x",
            "https://push.example.test/x#fragment",
            "https://push.example.test/" + "a".repeat(2100),
            "https://push.example.test/\u00e9t\u00e9",
            "https://push.example.test/with space",
            "ftp://push.example.test/x",
            "/relative/path",
            "https:///no-host",
            "http://localhost:1/not-a-test-host");
    for (String endpoint : endpoints) {
      Map<String, Object> body = new HashMap<>(good);
      body.put("endpoint", endpoint);
      Calls.expect(calls.post(user, "/api/push/subscriptions", body), 400);
    }
    List<Map<String, Object>> badKeys =
        List.of(
            Map.of("p256dh", b64(offCurve), "auth", keys.get("auth")),
            Map.of("p256dh", b64(compressed), "auth", keys.get("auth")),
            Map.of("p256dh", b64(new byte[65]), "auth", keys.get("auth")),
            Map.of("p256dh", "not base64!", "auth", keys.get("auth")),
            Map.of("p256dh", "A".repeat(10_000), "auth", keys.get("auth")),
            Map.of("p256dh", keys.get("p256dh"), "auth", b64(new byte[15])),
            Map.of("p256dh", keys.get("p256dh"), "auth", b64(new byte[17])),
            Map.of("p256dh", keys.get("p256dh")),
            Map.of("auth", keys.get("auth")));
    for (Map<String, Object> bad : badKeys) {
      Calls.expect(
          calls.post(
              user,
              "/api/push/subscriptions",
              Map.of("endpoint", "https://push.example.test/ok", "keys", bad)),
          400);
    }
    Calls.expect(
        calls.post(
            user, "/api/push/subscriptions", Map.of("endpoint", "https://push.example.test/ok")),
        400);
    Calls.expect(
        calls.post(
            user,
            "/api/push/subscriptions",
            Map.of("endpoint", "https://push.example.test/ok", "keys", "p256dh")),
        400);
    Calls.expect(
        calls.post(user, "/api/push/subscriptions", Map.of("endpoint", 42, "keys", keys)), 400);
    ApiClient api = new ApiClient(port);
    assertThat(
            api.postRaw(
                    "/api/push/subscriptions", user.token(), "{\"endpoint\":", "application/json")
                .status())
        .isEqualTo(400);
    assertThat(
            api.postRaw("/api/push/subscriptions", user.token(), "[1,2]", "application/json")
                .status())
        .isEqualTo(400);
    assertThat(countOf(user)).isZero();
    Calls.expect(calls.post(user, "/api/push/subscriptions", good), 204);
    assertThat(countOf(user)).isEqualTo(1);
  }
}
