package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.command.upload.UploadCleanup;
import io.parley.support.files.FileKeys;
import io.parley.support.files.FileStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An upload's life through the public API: attached by a send or as an avatar it is kept (and can
 * no longer be cancelled); deleting the message or replacing the avatar releases it, and the
 * clean-up removes its bytes after the retention.
 */
@StandaloneTest
class UploadLifecycleApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired FileStore store;
  @Autowired UploadCleanup cleanup;

  Calls api;
  Calls.Actor alice;
  UUID group;

  @BeforeEach
  void setUp() {
    api = new Calls(port);
    alice = api.newUser("ulc");
    JsonNode created =
        expect(
            api.post(alice, "/api/groups", Map.of("name", "Files", "visibility", "private")), 201);
    group = UUID.fromString(created.path("conversation").path("conversationId").asText());
  }

  UUID upload(byte[] bytes, String name) throws Exception {
    UUID id = UUID.randomUUID();
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/uploads/" + id + "?name=" + name))
                .header("Authorization", "Bearer " + alice.token())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return id;
  }

  JsonNode retry(UUID id, byte[] bytes) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/uploads/" + id + "?name=x"))
                .header("Authorization", "Bearer " + alice.token())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body()).path("upload");
  }

  boolean active(UUID id) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM upload_reference WHERE upload_id = ?"
                + " AND released_at IS NULL)",
            Boolean.class,
            id));
  }

  boolean released(UUID id) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM upload_reference WHERE upload_id = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM upload_reference WHERE upload_id = ?"
                + " AND released_at IS NULL)",
            Boolean.class,
            id,
            id));
  }

  static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aSentFileIsKeptUntilItsMessageIsDeletedThenCleanedUpAfterTheRetention() throws Exception {
    byte[] bytes = "minutes of the meeting\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    UUID file = upload(bytes, "minutes.txt");
    JsonNode message =
        expect(
                api.post(
                    alice,
                    "/api/conversations/" + group + "/messages",
                    Map.of(
                        "clientMessageId",
                        UUID.randomUUID().toString(),
                        "body",
                        "",
                        "attachmentIds",
                        List.of(file.toString()))),
                201)
            .path("message");
    // At once, before anyone waited for the lifecycle processor: the send is seen, no cancel.
    expect(api.delete(alice, "/api/uploads/" + file), 409);
    assertThat(active(file)).isTrue();
    assertThat(retry(file, bytes).path("expiresAt").isNull()).isTrue();
    assertThat(cleanup.runAt(Instant.now().plus(Duration.ofDays(30)))).isNotNegative();
    assertThat(store.size(FileKeys.original(file))).isPresent();

    expect(
        api.delete(
            alice,
            "/api/conversations/" + group + "/messages/" + message.path("messageId").asText()),
        204);
    eventually(() -> released(file));
    JsonNode released = retry(file, bytes);
    Instant expiresAt = Instant.parse(released.path("expiresAt").asText());
    cleanup.runAt(expiresAt.minusSeconds(60));
    assertThat(store.size(FileKeys.original(file))).isPresent();
    cleanup.runAt(expiresAt.plusSeconds(1));
    assertThat(store.size(FileKeys.original(file))).isEmpty();
  }

  @Test
  void aReplacedAvatarIsReleasedAndTheCurrentOneKept() throws Exception {
    UUID first = upload(TestImages.encode(TestImages.halves(64, 64, false), "png"), "a.png");
    UUID second = upload(TestImages.encode(TestImages.halves(32, 32, false), "png"), "b.png");
    expect(api.put(alice, "/api/me/avatar", Map.of("uploadId", first.toString())), 200);
    eventually(() -> active(first));
    expect(api.put(alice, "/api/me/avatar", Map.of("uploadId", second.toString())), 200);
    eventually(() -> active(second) && released(first));
    cleanup.runAt(Instant.now().plus(Duration.ofDays(2)));
    assertThat(store.size(FileKeys.original(first))).isEmpty();
    assertThat(store.size(FileKeys.thumbnail(first))).isEmpty();
    assertThat(store.size(FileKeys.original(second))).isPresent();
    expect(api.delete(alice, "/api/me/avatar"), 200);
    eventually(() -> released(second));
  }
}
