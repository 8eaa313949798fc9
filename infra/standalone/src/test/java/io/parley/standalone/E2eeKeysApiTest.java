package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.e2ee.KeySetVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Device keys and key backup of end-to-end encryption (docs/api.md "Device keys and key backup",
 * docs/adr/0182): publishing, the directory, a conversation's key set, session ends revoking keys,
 * the backup, bad input, and the keys.changed push.
 */
@StandaloneTest
class E2eeKeysApiTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PUBLIC =
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ0vRmBYJKwYBBAHaRw8BAQdA\n=abcd\n"
          + "-----END PGP PUBLIC KEY BLOCK-----\n";
  private static final String PRIVATE =
      "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxYYEZ0vRmBYJKwYBBAHaRw8BAQdA\n=wxyz\n"
          + "-----END PGP PRIVATE KEY BLOCK-----\n";

  @LocalServerPort int port;
  AuthHttp auth;

  record User(UUID id, String name, List<AuthHttp.Reply> logins) {
    String token() {
      return token(0);
    }

    String token(int device) {
      return logins.get(device).body().path("accessToken").asText();
    }

    String refresh(int device) {
      return logins.get(device).body().path("refreshToken").asText();
    }
  }

  @BeforeEach
  void client() {
    auth = new AuthHttp(port).from(AuthHttp.freshAddress());
  }

  private User user(String prefix, String... devices) {
    String name = prefix + UUID.randomUUID().toString().substring(0, 8);
    AuthHttp.Reply registered = auth.register(name, name + "@example.test", TestUsers.PASSWORD);
    assertThat(registered.status()).isEqualTo(201);
    List<AuthHttp.Reply> logins = new ArrayList<>();
    for (String device : devices) {
      AuthHttp.Reply login = auth.login(name, TestUsers.PASSWORD, device);
      assertThat(login.status()).isEqualTo(200);
      logins.add(login);
    }
    return new User(UUID.fromString(registered.user().path("userId").asText()), name, logins);
  }

  private static String fingerprint(char c) {
    return String.valueOf(c).repeat(40);
  }

  private AuthHttp.Reply publish(String token, String fingerprint) {
    return auth.send(
        "PUT",
        "/api/me/device-key",
        token,
        Map.of("publicKey", PUBLIC, "fingerprint", fingerprint));
  }

  private JsonNode published(String token, String fingerprint) {
    AuthHttp.Reply reply = publish(token, fingerprint);
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    return reply.body().path("deviceKey");
  }

  private JsonNode deviceKeys(String token, UUID userId) {
    AuthHttp.Reply reply = auth.get("/api/users/" + userId + "/device-keys", token);
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    assertThat(reply.body().path("nextCursor").isNull()).isTrue();
    return reply.body();
  }

  private JsonNode conversationKeys(String token, UUID conversationId) {
    AuthHttp.Reply reply = auth.get("/api/conversations/" + conversationId + "/keys", token);
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    return reply.body();
  }

  private UUID direct(User from, User to) {
    AuthHttp.Reply opened =
        auth.post("/api/conversations/direct", from.token(), Map.of("userId", to.id()));
    assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
    return UUID.fromString(opened.body().path("conversation").path("conversationId").asText());
  }

  private static List<String> fields(AuthHttp.Reply reply) {
    return reply.fields();
  }

  @Test
  void aPublishedKeyIsTheSessionsAndTheSameFingerprintAgainAnswersTheSameKey() {
    User ann = user("ka", "phone");
    User ben = user("kb", "laptop");

    JsonNode key = published(ann.token(), fingerprint('a'));
    assertThat(key.path("userId").asText()).isEqualTo(ann.id().toString());
    assertThat(key.path("deviceName").asText()).isEqualTo("phone");
    assertThat(key.path("fingerprint").asText()).isEqualTo(fingerprint('a'));
    assertThat(key.path("publicKey").asText()).isEqualTo(PUBLIC);
    assertThat(key.path("status").asText()).isEqualTo("active");
    assertThat(key.path("endedAt").isNull()).isTrue();
    Instant.parse(key.path("createdAt").asText());
    UUID.fromString(key.path("sessionId").asText());

    assertThat(published(ann.token(), fingerprint('a'))).isEqualTo(key);

    JsonNode listed = deviceKeys(ben.token(), ann.id());
    assertThat(listed.path("items")).hasSize(1);
    assertThat(listed.path("items").get(0)).isEqualTo(key);
    assertThat(listed.path("backupKey").isNull()).isTrue();
  }

  @Test
  void anotherFingerprintReplacesTheKeyAndDeletingRevokesItAllStayListedNewestFirst() {
    User ann = user("kr", "phone");
    published(ann.token(), fingerprint('1'));
    JsonNode second = published(ann.token(), fingerprint('2'));
    assertThat(second.path("status").asText()).isEqualTo("active");

    AuthHttp.Reply deleted = auth.send("DELETE", "/api/me/device-key", ann.token(), null);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(auth.send("DELETE", "/api/me/device-key", ann.token(), null).status())
        .isEqualTo(204);

    JsonNode items = deviceKeys(ann.token(), ann.id()).path("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).path("fingerprint").asText()).isEqualTo(fingerprint('2'));
    assertThat(items.get(0).path("status").asText()).isEqualTo("revoked");
    assertThat(items.get(0).path("endedAt").isNull()).isFalse();
    assertThat(items.get(1).path("fingerprint").asText()).isEqualTo(fingerprint('1'));
    assertThat(items.get(1).path("status").asText()).isEqualTo("replaced");
  }

  @Test
  void badKeysAreRefusedNamingTheFieldAndNothingIsWritten() {
    User ann = user("kv", "phone");
    AuthHttp.Reply wrongArmor =
        auth.send(
            "PUT",
            "/api/me/device-key",
            ann.token(),
            Map.of("publicKey", PRIVATE, "fingerprint", "ABCDEF"));
    assertThat(wrongArmor.status()).isEqualTo(400);
    assertThat(wrongArmor.header("Content-Type")).startsWith("application/problem+json");
    assertThat(fields(wrongArmor)).contains("publicKey", "fingerprint");

    String huge =
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n"
            + "A".repeat(17_000)
            + "\n-----END PGP PUBLIC KEY BLOCK-----";
    assertThat(
            fields(
                publishRaw(
                    ann.token(), Map.of("publicKey", huge, "fingerprint", fingerprint('a')))))
        .containsExactly("publicKey");
    assertThat(fields(publishRaw(ann.token(), Map.of("fingerprint", fingerprint('a')))))
        .containsExactly("publicKey");
    assertThat(
            fields(
                publishRaw(
                    ann.token(), Map.of("publicKey", PUBLIC, "fingerprint", "a".repeat(41)))))
        .containsExactly("fingerprint");
    assertThat(auth.send("PUT", "/api/me/device-key", ann.token(), List.of()).status())
        .isEqualTo(400);

    AuthHttp.Reply badBackup =
        auth.send(
            "PUT",
            "/api/me/key-backup",
            ann.token(),
            Map.of(
                "publicKey",
                PUBLIC,
                "fingerprint",
                fingerprint('b'),
                "encryptedPrivateKey",
                PUBLIC));
    assertThat(badBackup.status()).isEqualTo(400);
    assertThat(fields(badBackup)).containsExactly("encryptedPrivateKey");

    assertThat(deviceKeys(ann.token(), ann.id()).path("items")).isEmpty();
    assertThat(auth.get("/api/me/key-backup", ann.token()).status()).isEqualTo(404);
    assertThat(publish(null, fingerprint('a')).status()).isEqualTo(401);
    assertThat(auth.get("/api/users/" + ann.id() + "/device-keys", null).status()).isEqualTo(401);
    assertThat(auth.get("/api/users/not-a-uuid/device-keys", ann.token()).fields())
        .contains("userId");
    assertThat(auth.get("/api/users/" + UUID.randomUUID() + "/device-keys", ann.token()).status())
        .isEqualTo(404);
  }

  private AuthHttp.Reply publishRaw(String token, Map<String, String> body) {
    AuthHttp.Reply reply = auth.send("PUT", "/api/me/device-key", token, body);
    assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
    return reply;
  }

  @Test
  void aNinthActiveKeyIsRefusedUntilASessionEnds() {
    String[] devices = new String[9];
    for (int i = 0; i < devices.length; i++) {
      devices[i] = "device" + i;
    }
    User ann = user("kl", devices);
    for (int i = 0; i < 8; i++) {
      published(ann.token(i), Integer.toString(i).repeat(40));
    }

    AuthHttp.Reply refused = publish(ann.token(8), fingerprint('9'));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().path("type").asText()).endsWith("too-many-device-keys");
    // replacing one of the eight is not a new key
    published(ann.token(0), fingerprint('f'));

    assertThat(auth.logout(ann.refresh(1)).status()).isEqualTo(204);
    published(ann.token(8), fingerprint('9'));
  }

  @Test
  void theBackupIsStoredReadBackReplacedAndDeletedAndOthersSeeOnlyItsPublicHalf() {
    User ann = user("kk", "phone");
    User ben = user("kn", "laptop");
    AuthHttp.Reply none = auth.get("/api/me/key-backup", ann.token());
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.body().path("type").asText()).endsWith("no-key-backup");

    Map<String, String> backup =
        Map.of(
            "publicKey", PUBLIC, "fingerprint", fingerprint('b'), "encryptedPrivateKey", PRIVATE);
    AuthHttp.Reply stored = auth.send("PUT", "/api/me/key-backup", ann.token(), backup);
    assertThat(stored.status()).as(stored.raw()).isEqualTo(200);
    JsonNode keyBackup = stored.body().path("keyBackup");
    assertThat(keyBackup.path("fingerprint").asText()).isEqualTo(fingerprint('b'));
    assertThat(keyBackup.path("encryptedPrivateKey").asText()).isEqualTo(PRIVATE);
    assertThat(keyBackup.path("publicKey").asText()).isEqualTo(PUBLIC);
    assertThat(auth.get("/api/me/key-backup", ann.token()).body().path("keyBackup"))
        .isEqualTo(keyBackup);

    JsonNode backupKey = deviceKeys(ben.token(), ann.id()).path("backupKey");
    assertThat(backupKey.path("fingerprint").asText()).isEqualTo(fingerprint('b'));
    assertThat(backupKey.path("userId").asText()).isEqualTo(ann.id().toString());
    assertThat(backupKey.has("encryptedPrivateKey")).isFalse();

    Map<String, String> next =
        Map.of(
            "publicKey", PUBLIC, "fingerprint", fingerprint('c'), "encryptedPrivateKey", PRIVATE);
    assertThat(
            auth.send("PUT", "/api/me/key-backup", ann.token(), next)
                .body()
                .path("keyBackup")
                .path("fingerprint")
                .asText())
        .isEqualTo(fingerprint('c'));

    assertThat(auth.send("DELETE", "/api/me/key-backup", ann.token(), null).status())
        .isEqualTo(204);
    assertThat(auth.get("/api/me/key-backup", ann.token()).status()).isEqualTo(404);
    assertThat(deviceKeys(ben.token(), ann.id()).path("backupKey").isNull()).isTrue();
    assertThat(auth.send("DELETE", "/api/me/key-backup", ann.token(), null).status())
        .isEqualTo(204);
  }

  @Test
  void aConversationsKeysAreItsMembersActiveKeysAndEndingASessionChangesTheVersion() {
    User ann = user("kc", "phone", "laptop");
    User ben = user("kd", "tablet");
    User eve = user("ke", "desk");
    UUID conversation = direct(ann, ben);
    published(ann.token(0), fingerprint('a'));
    published(ann.token(1), fingerprint('b'));
    published(ben.token(), fingerprint('c'));
    published(eve.token(), fingerprint('e'));
    auth.send(
        "PUT",
        "/api/me/key-backup",
        ben.token(),
        Map.of(
            "publicKey", PUBLIC, "fingerprint", fingerprint('d'), "encryptedPrivateKey", PRIVATE));

    JsonNode keys = conversationKeys(ann.token(), conversation);
    assertThat(keys.path("conversationId").asText()).isEqualTo(conversation.toString());
    assertThat(keys.path("devices").findValuesAsText("fingerprint"))
        .containsExactlyInAnyOrder(fingerprint('a'), fingerprint('b'), fingerprint('c'));
    assertThat(keys.path("backupKeys").findValuesAsText("fingerprint"))
        .containsExactly(fingerprint('d'));
    String before = keys.path("keySetVersion").asText();
    assertThat(before)
        .isEqualTo(
            KeySetVersion.of(
                List.of(
                    KeySetVersion.device(ann.id(), fingerprint('a')),
                    KeySetVersion.device(ann.id(), fingerprint('b')),
                    KeySetVersion.device(ben.id(), fingerprint('c')),
                    KeySetVersion.backup(ben.id(), fingerprint('d')))));
    assertThat(conversationKeys(ben.token(), conversation).path("keySetVersion").asText())
        .isEqualTo(before);

    AuthHttp.Reply outsider = auth.get("/api/conversations/" + conversation + "/keys", eve.token());
    assertThat(outsider.status()).isEqualTo(404);
    assertThat(auth.get("/api/conversations/" + UUID.randomUUID() + "/keys", eve.token()).status())
        .isEqualTo(404);

    // logging out ends the laptop's session: its key is revoked at once, everywhere
    assertThat(auth.logout(ann.refresh(1)).status()).isEqualTo(204);
    JsonNode after = conversationKeys(ben.token(), conversation);
    assertThat(after.path("devices").findValuesAsText("fingerprint"))
        .containsExactlyInAnyOrder(fingerprint('a'), fingerprint('c'));
    assertThat(after.path("keySetVersion").asText())
        .isNotEqualTo(before)
        .isEqualTo(
            KeySetVersion.of(
                List.of(
                    KeySetVersion.device(ann.id(), fingerprint('a')),
                    KeySetVersion.device(ben.id(), fingerprint('c')),
                    KeySetVersion.backup(ben.id(), fingerprint('d')))));
    JsonNode laptopKey =
        deviceKeys(ben.token(), ann.id()).path("items").findParents("fingerprint").stream()
            .filter(k -> k.path("fingerprint").asText().equals(fingerprint('b')))
            .findFirst()
            .orElseThrow();
    assertThat(laptopKey.path("status").asText()).isEqualTo("revoked");

    // revoking the phone from another session revokes its key as well
    String phoneSession =
        deviceKeys(ann.token(0), ann.id()).path("items").findParents("fingerprint").stream()
            .filter(k -> k.path("fingerprint").asText().equals(fingerprint('a')))
            .findFirst()
            .orElseThrow()
            .path("sessionId")
            .asText();
    AuthHttp.Reply second = auth.login(ann.name(), TestUsers.PASSWORD, "desktop");
    String desktop = second.body().path("accessToken").asText();
    assertThat(auth.send("DELETE", "/api/me/sessions/" + phoneSession, desktop, null).status())
        .isEqualTo(204);
    assertThat(
            conversationKeys(ben.token(), conversation)
                .path("devices")
                .findValuesAsText("fingerprint"))
        .containsExactly(fingerprint('c'));
  }

  @Test
  void aPasswordChangeRevokesTheKeysOfTheOtherSessions() {
    User ann = user("kp", "phone", "laptop");
    published(ann.token(0), fingerprint('a'));
    published(ann.token(1), fingerprint('b'));

    AuthHttp.Reply changed =
        auth.post(
            "/api/me/password",
            ann.token(0),
            Map.of("currentPassword", TestUsers.PASSWORD, "newPassword", "another good password"));
    assertThat(changed.status()).as(changed.raw()).isEqualTo(204);

    JsonNode items = deviceKeys(ann.token(0), ann.id()).path("items");
    for (JsonNode key : items) {
      String expected =
          key.path("fingerprint").asText().equals(fingerprint('a')) ? "active" : "revoked";
      assertThat(key.path("status").asText()).isEqualTo(expected);
    }
  }

  @Test
  void keysChangedIsPushedToTheUserAndToWhoeverSharesAnEncryptedConversationWithThem() {
    User ann = user("kh", "phone");
    User ben = user("ki", "laptop", "tablet");
    User eve = user("kj", "desk");
    directEncrypted(ann, ben);
    direct(eve, ben); // a plain conversation: Eve never encrypts to Ben's keys
    try (GatewayClient anns = identified(ann.token());
        GatewayClient bens = identified(ben.token(1));
        GatewayClient eves = identified(eve.token())) {
      published(ben.token(0), fingerprint('b'));

      assertThat(nextEvent(anns, "keys.changed").path("data").path("userId").asText())
          .isEqualTo(ben.id().toString());
      assertThat(nextEvent(bens, "keys.changed").path("data").path("userId").asText())
          .isEqualTo(ben.id().toString());

      // Eve was not told about Ben's key: her next keys.changed is about her own
      published(eve.token(), fingerprint('e'));
      assertThat(nextEvent(eves, "keys.changed").path("data").path("userId").asText())
          .isEqualTo(eve.id().toString());

      // a backup counts, and a session end revokes the key: both pushed
      auth.send(
          "PUT",
          "/api/me/key-backup",
          ben.token(1),
          Map.of(
              "publicKey",
              PUBLIC,
              "fingerprint",
              fingerprint('c'),
              "encryptedPrivateKey",
              PRIVATE));
      assertThat(nextEvent(anns, "keys.changed").path("data").path("userId").asText())
          .isEqualTo(ben.id().toString());
      assertThat(auth.logout(ben.refresh(0)).status()).isEqualTo(204);
      assertThat(nextEvent(anns, "keys.changed").path("data").path("userId").asText())
          .isEqualTo(ben.id().toString());
    }
  }

  @Test
  void aSendEncryptedToARevokedKeyIsRefusedWithKeySetChanged() {
    User ann = user("ks", "phone");
    User ben = user("kt", "laptop", "tablet");
    UUID conversation = directEncrypted(ann, ben);
    published(ann.token(), fingerprint('a'));
    published(ben.token(0), fingerprint('b'));
    published(ben.token(1), fingerprint('c'));
    String version = conversationKeys(ann.token(), conversation).path("keySetVersion").asText();
    assertThat(send(ann, conversation, version).status()).isEqualTo(201);

    // Ben's laptop logs out: its key leaves the set at once, on the command side too
    assertThat(auth.logout(ben.refresh(0)).status()).isEqualTo(204);
    AuthHttp.Reply stale = send(ann, conversation, version);
    assertThat(stale.status()).as(stale.raw()).isEqualTo(409);
    assertThat(stale.body().path("type").asText()).endsWith("key-set-changed");

    JsonNode fresh = conversationKeys(ann.token(), conversation);
    assertThat(fresh.path("keySetVersion").asText()).isNotEqualTo(version);
    assertThat(fresh.path("devices").findValuesAsText("fingerprint"))
        .containsExactlyInAnyOrder(fingerprint('a'), fingerprint('c'));
    assertThat(send(ann, conversation, fresh.path("keySetVersion").asText()).status())
        .isEqualTo(201);
  }

  private AuthHttp.Reply send(User from, UUID conversation, String keySetVersion) {
    return auth.post(
        "/api/conversations/" + conversation + "/messages",
        from.token(),
        Map.of(
            "clientMessageId",
            UUID.randomUUID().toString(),
            "ciphertext",
            "-----BEGIN PGP MESSAGE-----\n\nwcBMA0\n=abcd\n-----END PGP MESSAGE-----\n",
            "keySetVersion",
            keySetVersion));
  }

  private UUID directEncrypted(User from, User to) {
    AuthHttp.Reply opened =
        auth.post(
            "/api/conversations/direct",
            from.token(),
            Map.of("userId", to.id(), "encrypted", true));
    assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
    assertThat(opened.body().path("conversation").path("encrypted").asBoolean()).isTrue();
    return UUID.fromString(opened.body().path("conversation").path("conversationId").asText());
  }

  private GatewayClient identified(String token) {
    GatewayClient client = new GatewayClient(port);
    client.send(Map.of("op", "identify", "token", token));
    client.nextOp("ready", WAIT);
    return client;
  }

  private static JsonNode nextEvent(GatewayClient client, String type) {
    while (true) {
      JsonNode frame = client.nextOp("event", WAIT);
      if (type.equals(frame.path("type").asText())) {
        return frame;
      }
    }
  }
}
