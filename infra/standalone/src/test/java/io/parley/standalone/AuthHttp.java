package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * An HTTP client for the account and auth tests: any method, an optional client address (sent as
 * {@code X-Forwarded-For}, which the app believes from a loopback peer, as it would from the
 * router), and the raw body and headers of every answer, which it checks never leak internals.
 */
final class AuthHttp {
  record Reply(int status, JsonNode body, String raw, HttpHeaders headers) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    JsonNode user() {
      return body.path("user");
    }

    /** The {@code field} of every entry of a 400 problem's {@code errors}. */
    java.util.List<String> fields() {
      java.util.List<String> fields = new java.util.ArrayList<>();
      body.path("errors").forEach(error -> fields.add(error.path("field").asText()));
      return fields;
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final String base;
  private final String clientAddress;

  AuthHttp(int port) {
    this(port, null);
  }

  private AuthHttp(int port, String clientAddress) {
    this.port = port;
    this.base = "http://localhost:" + port;
    this.clientAddress = clientAddress;
  }

  /** The same client seen from another address (for throttling tests). */
  AuthHttp from(String address) {
    return new AuthHttp(port, address);
  }

  /**
   * A fresh address in 10.0.0.0/8 (24 random bits, so a few hundred per run practically never
   * collide), so failed logins and registrations here never throttle other tests.
   */
  static String freshAddress() {
    int n = UUID.randomUUID().hashCode() & 0xffffff;
    return "10." + (n >> 16) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }

  Reply get(String path, String token) {
    return send("GET", path, token, null);
  }

  Reply post(String path, String token, Object body) {
    return send("POST", path, token, body);
  }

  Reply patch(String path, String token, Object body) {
    return send("PATCH", path, token, body);
  }

  Reply raw(String method, String path, String token, String body, String contentType) {
    HttpRequest.Builder builder = request(path, token);
    builder.method(method, HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return exchange(builder);
  }

  Reply send(String method, String path, String token, Object body) {
    try {
      return raw(
          method,
          path,
          token,
          body == null ? "" : JSON.writeValueAsString(body),
          body == null ? null : "application/json");
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  // ---- the auth table as calls ----

  Reply register(String username, String email, String password) {
    return post(
        "/api/auth/register",
        null,
        Map.of("username", username, "email", email, "password", password));
  }

  Reply login(String login, String password, String device) {
    return post(
        "/api/auth/login",
        null,
        device == null
            ? Map.of("login", login, "password", password)
            : Map.of("login", login, "password", password, "deviceName", device));
  }

  Reply refresh(String refreshToken) {
    return post("/api/auth/refresh", null, Map.of("refreshToken", refreshToken));
  }

  Reply logout(String refreshToken) {
    return post("/api/auth/logout", null, Map.of("refreshToken", refreshToken));
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    if (clientAddress != null) {
      builder.header("X-Forwarded-For", clientAddress);
    }
    return builder;
  }

  private Reply exchange(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      String raw = response.body();
      assertNothingLeaks(response.statusCode(), raw);
      JsonNode body = raw.isEmpty() ? null : JSON.readTree(raw);
      return new Reply(response.statusCode(), body, raw, response.headers());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** No answer ever shows a stack trace, a password hash, or a server error for client input. */
  static void assertNothingLeaks(int status, String raw) {
    assertThat(status).as("never a 5xx: %s", raw).isLessThan(500);
    assertThat(raw)
        .doesNotContain("\tat ", "at io.parley", "at org.", "Exception", "$2a$", "$2b$", "$argon2")
        .doesNotContain("password_hash", "passwordHash", "token_hash");
  }
}
