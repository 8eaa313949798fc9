package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few public HTTP calls the replay benchmark makes: register, log in, the admin API. */
final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String token;
  private Map<String, String> credentials;

  AdminClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Registers the account (unless it exists) and returns its user id. */
  String registerOrLogin(String username, String password) {
    call(
        "POST",
        "/api/auth/register",
        Map.of(
            "username",
            username,
            "email",
            username + "@bench.invalid",
            "password",
            password,
            "displayName",
            "Bench admin"),
        true);
    credentials = Map.of("login", username, "password", password, "deviceName", "parley-bench");
    return login().path("user").path("userId").asText();
  }

  private JsonNode login() {
    JsonNode login = call("POST", "/api/auth/login", credentials, false);
    token = login.path("accessToken").asText();
    return login;
  }

  JsonNode get(String path) {
    return call("GET", path, null, false);
  }

  JsonNode post(String path) {
    return call("POST", path, null, false);
  }

  private JsonNode call(String method, String path, Object body, boolean conflictIsFine) {
    return call(method, path, body, conflictIsFine, true);
  }

  private JsonNode call(
      String method, String path, Object body, boolean conflictIsFine, boolean mayLogInAgain) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      request.header("Content-Type", "application/json");
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 401
          && mayLogInAgain
          && credentials != null
          && !path.startsWith("/api/auth/")) {
        // A run longer than the access token's lifetime (a large log) logs in again, once.
        login();
        return call(method, path, body, conflictIsFine, false);
      }
      if (response.statusCode() == 409 && conflictIsFine) {
        return JSON.nullNode();
      }
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
