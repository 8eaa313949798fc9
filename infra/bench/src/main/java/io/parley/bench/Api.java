package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The public REST API as a client sees it (docs/API.md): accounts, conversations, messages. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "bench-password-1";

  /** A registered, logged-in user. */
  record User(int index, String username, String userId, String token) {}

  private final HttpClient http;
  private final LeanHttp lean;
  private final String base;

  Api(String base) {
    this.base = base;
    this.lean = new LeanHttp(base);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  String base() {
    return base;
  }

  /** Registers and logs in {@code count} users named {@code prefix<i>}, {@code threads} at once. */
  List<User> users(String prefix, int count, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<User>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> user(index, prefix + index)));
      }
      List<User> users = new ArrayList<>();
      for (Future<User> future : futures) {
        users.add(future.get());
      }
      return users;
    } finally {
      pool.shutdownNow();
    }
  }

  User user(int index, String username) {
    call(
        null,
        "POST",
        "/api/auth/register",
        Map.of(
            "username",
            username,
            "email",
            username + "@bench.invalid",
            "password",
            PASSWORD,
            "displayName",
            username),
        409);
    JsonNode login =
        call(
            null,
            "POST",
            "/api/auth/login",
            Map.of("login", username, "password", PASSWORD, "deviceName", "bench"),
            0);
    return new User(
        index,
        username,
        login.path("user").path("userId").asText(),
        login.path("accessToken").asText());
  }

  String group(User owner, String name, List<String> memberIds, String visibility) {
    return call(
            owner.token(),
            "POST",
            "/api/groups",
            Map.of("name", name, "visibility", visibility, "memberIds", memberIds),
            0)
        .path("conversation")
        .path("conversationId")
        .asText();
  }

  void join(User user, String groupId) {
    call(user.token(), "POST", "/api/groups/" + groupId + "/join", null, 0);
  }

  String direct(User from, User to) {
    return call(from.token(), "POST", "/api/conversations/direct", Map.of("userId", to.userId()), 0)
        .path("conversation")
        .path("conversationId")
        .asText();
  }

  JsonNode get(User user, String path) {
    return call(user.token(), "GET", path, null, 0);
  }

  /**
   * Sends a message; completes with the response status and the message's seq. Measured: it goes
   * through {@link LeanHttp}, inline on a thread inside {@link LeanHttp#inline}.
   */
  CompletableFuture<Sent> send(User sender, String conversationId, String body) {
    byte[] json = json(Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body));
    String path = "/api/conversations/" + conversationId + "/messages";
    return LeanHttp.async(
        () -> {
          LeanHttp.Response response;
          try {
            response = lean.exchange("POST", path, sender.token(), json);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          long seq = 0;
          if (response.status() == 201) {
            try {
              seq = JSON.readTree(response.body()).path("message").path("seq").asLong();
            } catch (IOException e) {
              seq = -1;
            }
          }
          return new Sent(response.status(), seq);
        });
  }

  /** A send's outcome: {@code status} 201 and the message's seq, or the failure's status. */
  record Sent(int status, long seq) {}

  private HttpRequest.Builder request(String token, String method, String path, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    request.header("Content-Type", "application/json");
    try {
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    return request;
  }

  /** One request, its response whatever the status; {@code token} may be null. */
  HttpResponse<String> send(String token, String method, String path, Object body, Duration timeout)
      throws IOException, InterruptedException {
    return http.send(
        request(token, method, path, body).timeout(timeout).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON answer; a failure status other than {@code tolerated} throws with the body. */
  static JsonNode answer(String method, String path, HttpResponse<String> response)
      throws IOException {
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  JsonNode call(String token, String method, String path, Object body, int tolerated) {
    try {
      HttpResponse<String> response = send(token, method, path, body, Duration.ofSeconds(60));
      return response.statusCode() == tolerated ? JSON.nullNode() : answer(method, path, response);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A raw HTTP POST of a JSON body (the raw relay's send), completing with the status. */
  CompletableFuture<Integer> postAsync(String path, Object body) {
    byte[] json = json(body);
    return LeanHttp.async(
        () -> {
          try {
            return lean.exchange("POST", path, null, json).status();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static byte[] json(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
