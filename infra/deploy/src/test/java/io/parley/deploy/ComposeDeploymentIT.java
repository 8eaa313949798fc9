package io.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The Compose deployment as a user brings it up (infra/deploy/README.md): the images this build
 * made, loaded into Docker, Axon Server, three ScyllaDB nodes, Postgres, two of each service and
 * nginx with the shared routes. The thin slice runs through the router: register, open a group,
 * send, and receive the message on another user's socket. Skipped where there is no Docker; needs
 * the image tarballs (./mvnw -Pimages package) and the built client (frontend/dist).
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeDeploymentIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "compose-test-password-1";
  private static ComposeContainer compose;
  private static String base;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void bringUpTheDeployment() throws Exception {
    for (ImageTarballsTest.Image image : ImageTarballsTest.IMAGES.subList(0, 3)) {
      assertThat(image.tarball()).as("built with ./mvnw -Pimages package").exists();
      try (InputStream tar = Files.newInputStream(image.tarball())) {
        DockerClientFactory.instance().client().loadImageCmd(tar).exec();
      }
    }
    KeyPair signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    compose =
        new ComposeContainer(Repo.DEPLOY.resolve("compose.yaml").toFile())
            .withLocalCompose(true)
            .withEnv(
                Map.of(
                    "PARLEY_DB_PASSWORD", UUID.randomUUID().toString(),
                    "GRAFANA_ADMIN_PASSWORD", UUID.randomUUID().toString(),
                    "PARLEY_AUTH_PUBLIC_KEY",
                        Base64.getEncoder().encodeToString(signing.getPublic().getEncoded()),
                    "PARLEY_AUTH_PRIVATE_KEY",
                        Base64.getEncoder().encodeToString(signing.getPrivate().getEncoded()),
                    "PARLEY_HTTP_PORT", "0"))
            .withExposedService(
                "nginx",
                80,
                Wait.forHttp("/actuator/health/readiness")
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(15)));
    compose.start();
    base =
        "http://" + compose.getServiceHost("nginx", 80) + ":" + compose.getServicePort("nginx", 80);
  }

  @AfterAll
  static void tearDown() {
    if (compose != null) {
      compose.stop();
    }
  }

  @Test
  void aMessageSentThroughTheRouterArrivesOnAnotherUsersSocket() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    register("ann" + suffix);
    String benId = register("ben" + suffix).path("user").path("userId").asText();
    String annToken = login("ann" + suffix);
    String benToken = login("ben" + suffix);
    String groupId =
        call(
                "POST",
                "/api/groups",
                annToken,
                Map.of(
                    "name",
                    "Compose " + suffix,
                    "visibility",
                    "private",
                    "memberIds",
                    List.of(benId)))
            .path("conversation")
            .path("conversationId")
            .asText();

    BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(base.replace("http", "ws") + "/ws"), new Frames(frames))
            .get(30, TimeUnit.SECONDS);
    try {
      socket.sendText(JSON.writeValueAsString(Map.of("op", "identify", "token", benToken)), true);
      assertThat(next(frames, "ready").path("sessionId").asText()).isNotBlank();
      String clientMessageId = UUID.randomUUID().toString();
      // the group may reach the push processes a moment after the command side created it
      JsonNode created = null;
      for (int attempt = 0; attempt < 30 && created == null; attempt++) {
        call(
            "POST",
            "/api/conversations/" + groupId + "/messages",
            annToken,
            Map.of("clientMessageId", clientMessageId, "body", "hello compose"));
        created = nextEvent(frames, "message.created", Duration.ofSeconds(2));
      }
      assertThat(created).as("message.created on Ben's socket").isNotNull();
      assertThat(created.path("conversationId").asText()).isEqualTo(groupId);
      assertThat(created.path("data").path("body").asText()).isEqualTo("hello compose");
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    JsonNode page = call("GET", "/api/conversations/" + groupId + "/messages", benToken, null);
    assertThat(page.path("items")).hasSize(1);
  }

  private static JsonNode register(String username) throws Exception {
    return call(
        "POST",
        "/api/auth/register",
        null,
        Map.of("username", username, "email", username + "@example.test", "password", PASSWORD));
  }

  private static String login(String username) throws Exception {
    return call("POST", "/api/auth/login", null, Map.of("login", username, "password", PASSWORD))
        .path("accessToken")
        .asText();
  }

  private static JsonNode call(String method, String path, String token, Object body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
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
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isBetween(200, 299);
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  private static JsonNode next(BlockingQueue<JsonNode> frames, String op)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (JsonNode frame;
        (frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
      if (op.equals(frame.path("op").asText())) {
        return frame;
      }
    }
    throw new AssertionError("no " + op + " frame");
  }

  private static JsonNode nextEvent(BlockingQueue<JsonNode> frames, String type, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    for (JsonNode frame;
        (frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
      if ("event".equals(frame.path("op").asText()) && type.equals(frame.path("type").asText())) {
        return frame;
      }
    }
    return null;
  }

  /** Collects the gateway's text frames as JSON. */
  private static final class Frames implements WebSocket.Listener {
    private final BlockingQueue<JsonNode> frames;
    private final StringBuilder partial = new StringBuilder();

    Frames(BlockingQueue<JsonNode> frames) {
      this.frames = frames;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          frames.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          partial.setLength(0);
        }
      }
      socket.request(1);
      return null;
    }
  }
}
