package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Every HTTP verb of the public API for one signed-in user, as a third-party client would call it.
 * Kept apart from {@link ApiClient} (shared with other suites) so the suites evolve independently.
 */
final class Calls {
  /** A registered, signed-in user. */
  record Actor(UUID id, String username, String token) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;

  Calls(int port) {
    this.base = "http://localhost:" + port;
  }

  /** Registers and signs in a fresh user whose name starts with {@code prefix}. */
  Actor newUser(String prefix) {
    ApiClient api = new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
    String username = prefix + UUID.randomUUID().toString().substring(0, 8);
    ApiClient.Response registered = TestUsers.register(api, username);
    if (registered.status() != 201) {
      throw new IllegalStateException("registration failed: " + registered);
    }
    return new Actor(
        UUID.fromString(registered.body().path("user").path("userId").asText()),
        username,
        TestUsers.login(api, username));
  }

  /** {@code owner} creates a private group with {@code members}; answers its conversation id. */
  UUID privateGroup(Actor owner, String name, Actor... members) {
    JsonNode created =
        expect(
            post(
                owner,
                "/api/groups",
                Map.of(
                    "name",
                    name,
                    "visibility",
                    "private",
                    "memberIds",
                    Arrays.stream(members).map(m -> m.id().toString()).toList())),
            201);
    return UUID.fromString(created.path("conversation").path("conversationId").asText());
  }

  /** Asserts the status (showing the whole response when it differs) and returns the body. */
  static JsonNode expect(ApiClient.Response response, int status) {
    org.assertj.core.api.Assertions.assertThat(response.status())
        .as("response %s", response)
        .isEqualTo(status);
    return response.body();
  }

  ApiClient.Response get(Actor as, String path) {
    return send(as, "GET", path, null);
  }

  ApiClient.Response post(Actor as, String path, Object body) {
    return send(as, "POST", path, body);
  }

  ApiClient.Response put(Actor as, String path, Object body) {
    return send(as, "PUT", path, body);
  }

  ApiClient.Response patch(Actor as, String path, Object body) {
    return send(as, "PATCH", path, body);
  }

  ApiClient.Response delete(Actor as, String path) {
    return send(as, "DELETE", path, null);
  }

  ApiClient.Response send(Actor as, String method, String path, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, publisher(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (as != null) {
      request.header("Authorization", "Bearer " + as.token());
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new ApiClient.Response(
          response.statusCode(), json, response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.BodyPublisher publisher(Object body) {
    if (body == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    try {
      return HttpRequest.BodyPublishers.ofString(
          body instanceof String raw ? raw : JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
