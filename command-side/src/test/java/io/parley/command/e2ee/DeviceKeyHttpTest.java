package io.parley.command.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.command.CommandSideApplication;
import io.parley.events.e2ee.KeySetVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The command side alone over HTTP on its real Postgres, with a limit of two active device keys:
 * publishing, the limit, the backup read back from its own table, and {@link RecipientKeys}
 * following every change at once (a logout revokes the session's key).
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "parley.e2ee.max-device-keys=2")
class DeviceKeyHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLIC =
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjME\n-----END PGP PUBLIC KEY BLOCK-----\n";
  private static final String PRIVATE =
      "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxYYE\n-----END PGP PRIVATE KEY BLOCK-----\n";

  @LocalServerPort int port;
  @Autowired RecipientKeys recipientKeys;
  final HttpClient http = HttpClient.newHttpClient();

  record Reply(int status, JsonNode body) {}

  private Reply call(String method, String path, String token, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
              .header("Content-Type", "application/json")
              .header("X-Forwarded-For", "10.9.8.7")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
      return new Reply(response.statusCode(), json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private UUID register(String name) {
    Reply registered =
        call(
            "POST",
            "/api/auth/register",
            null,
            Map.of(
                "username", name, "email", name + "@example.test", "password", "long enough pw"));
    assertThat(registered.status()).isEqualTo(201);
    return UUID.fromString(registered.body().path("user").path("userId").asText());
  }

  private JsonNode login(String name, String device) {
    Reply login =
        call(
            "POST",
            "/api/auth/login",
            null,
            Map.of("login", name, "password", "long enough pw", "deviceName", device));
    assertThat(login.status()).isEqualTo(200);
    return login.body();
  }

  private Reply publish(JsonNode login, String fingerprint) {
    return call(
        "PUT",
        "/api/me/device-key",
        login.path("accessToken").asText(),
        Map.of("publicKey", PUBLIC, "fingerprint", fingerprint));
  }

  @Test
  void recipientKeysFollowPublishingTheLimitTheBackupAndALogout() {
    String name = "dk" + UUID.randomUUID().toString().substring(0, 8);
    UUID user = register(name);
    JsonNode phone = login(name, "phone");
    JsonNode laptop = login(name, "laptop");
    JsonNode tablet = login(name, "tablet");
    assertThat(recipientKeys.currentVersion(List.of(user))).isEqualTo(KeySetVersion.EMPTY);

    Reply published = publish(phone, "a".repeat(40));
    assertThat(published.status()).isEqualTo(200);
    assertThat(published.body().path("deviceKey").path("deviceName").asText()).isEqualTo("phone");
    assertThat(publish(laptop, "b".repeat(64)).status()).isEqualTo(200);
    Reply third = publish(tablet, "c".repeat(40));
    assertThat(third.status()).isEqualTo(409);
    assertThat(third.body().path("type").asText()).endsWith("too-many-device-keys");

    Reply backup =
        call(
            "PUT",
            "/api/me/key-backup",
            phone.path("accessToken").asText(),
            Map.of(
                "publicKey",
                PUBLIC,
                "fingerprint",
                "d".repeat(40),
                "encryptedPrivateKey",
                PRIVATE));
    assertThat(backup.status()).isEqualTo(200);
    assertThat(
            call("GET", "/api/me/key-backup", laptop.path("accessToken").asText(), null)
                .body()
                .path("keyBackup")
                .path("encryptedPrivateKey")
                .asText())
        .isEqualTo(PRIVATE);

    UUID stranger = UUID.randomUUID();
    assertThat(recipientKeys.currentVersion(List.of(user, stranger)))
        .isEqualTo(
            KeySetVersion.of(
                List.of(
                    KeySetVersion.device(user, "a".repeat(40)),
                    KeySetVersion.device(user, "b".repeat(64)),
                    KeySetVersion.backup(user, "d".repeat(40)))));

    Reply logout =
        call(
            "POST",
            "/api/auth/logout",
            null,
            Map.of("refreshToken", laptop.path("refreshToken").asText()));
    assertThat(logout.status()).isEqualTo(204);
    assertThat(recipientKeys.currentVersion(List.of(user)))
        .isEqualTo(
            KeySetVersion.of(
                List.of(
                    KeySetVersion.device(user, "a".repeat(40)),
                    KeySetVersion.backup(user, "d".repeat(40)))));
    // the ended session's slot is free again
    assertThat(publish(tablet, "c".repeat(40)).status()).isEqualTo(200);
    // an ended session cannot publish (its access token still verifies for a while)
    assertThat(publish(laptop, "e".repeat(40)).status()).isEqualTo(401);

    assertThat(
            call("DELETE", "/api/me/key-backup", phone.path("accessToken").asText(), null).status())
        .isEqualTo(204);
    Reply gone = call("GET", "/api/me/key-backup", phone.path("accessToken").asText(), null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().path("type").asText()).endsWith("no-key-backup");
    assertThat(recipientKeys.currentVersion(List.of(user)))
        .isEqualTo(
            KeySetVersion.of(
                List.of(
                    KeySetVersion.device(user, "a".repeat(40)),
                    KeySetVersion.device(user, "c".repeat(40)))));
  }
}
