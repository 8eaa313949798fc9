package io.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small client of Parley's admin API: logs in once, then calls it with the access token. */
final class AdminApi {
  static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String token;

  AdminApi(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  void login(String login, String password) {
    JsonNode body =
        call(
            HttpRequest.newBuilder(uri("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        write(
                            Map.of(
                                "login",
                                login,
                                "password",
                                password,
                                "deviceName",
                                "parley-cli")))));
    token = body.path("accessToken").asText();
  }

  JsonNode get(String path) {
    return call(authorized(path).GET());
  }

  JsonNode post(String path) {
    return call(authorized(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  JsonNode delete(String path) {
    return call(authorized(path).DELETE());
  }

  InputStream stream(String path) {
    try {
      HttpResponse<InputStream> response =
          http.send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() >= 400) {
        throw failure(
            response.statusCode(),
            new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
      }
      return response.body();
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private JsonNode call(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 400) {
        throw failure(response.statusCode(), response.body());
      }
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private ApiException unreachable(IOException e) {
    String why = e instanceof ConnectException ? "connection refused" : e.getMessage();
    return new ApiException(0, "Cannot reach Parley at " + base + " (" + why + ")");
  }

  private static ApiException failure(int status, String body) {
    String detail = body;
    try {
      JsonNode problem = JSON.readTree(body);
      if (problem.hasNonNull("detail")) {
        detail = problem.path("detail").asText();
      }
    } catch (IOException ignored) {
      // not a problem document: show it as it is
    }
    return new ApiException(status, "HTTP " + status + ": " + detail);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
