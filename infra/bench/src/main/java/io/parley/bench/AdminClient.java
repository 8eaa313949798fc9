package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few public HTTP calls the replay benchmark makes: register, log in, the admin API. */
final class AdminClient {
  private final Api api;
  private String token;
  private Map<String, String> credentials;

  AdminClient(int port) {
    this.api = new Api("http://127.0.0.1:" + port);
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
      // Long: a replay or verify of a large log answers only when done.
      HttpResponse<String> response = api.send(token, method, path, body, Duration.ofMinutes(5));
      if (response.statusCode() == 401
          && mayLogInAgain
          && credentials != null
          && !path.startsWith("/api/auth/")) {
        // A run longer than the access token's lifetime (a large log) logs in again, once.
        login();
        return call(method, path, body, conflictIsFine, false);
      }
      if (response.statusCode() == 409 && conflictIsFine) {
        return Api.JSON.nullNode();
      }
      return Api.answer(method, path, response);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
