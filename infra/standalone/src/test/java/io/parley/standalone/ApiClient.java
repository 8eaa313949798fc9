package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for the public API, as a third-party program would use it. */
final class ApiClient {
  record Response(int status, JsonNode body, String contentType) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ApiClient(int port) {
    this("http://localhost:" + port);
  }

  ApiClient(String base) {
    this.base = base;
  }

  String base() {
    return base;
  }

  Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  Response post(String path, String token, Object body) {
    return send(request(path, token).POST(bodyOf(body)).header("Content-Type", "application/json"));
  }

  /** Any method with an optional JSON body: PUT, PATCH and DELETE. */
  Response call(String method, String path, String token, Object body) {
    return send(
        request(path, token)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : bodyOf(body))
            .header("Content-Type", "application/json"));
  }

  Response postRaw(String path, String token, String rawBody, String contentType) {
    return send(
        request(path, token)
            .POST(HttpRequest.BodyPublishers.ofString(rawBody))
            .header("Content-Type", contentType));
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static HttpRequest.BodyPublisher bodyOf(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      String type = response.headers().firstValue("Content-Type").orElse("");
      if (!response.body().isEmpty() && type.contains("json")) {
        body = JSON.readTree(response.body());
      }
      return new Response(
          response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
