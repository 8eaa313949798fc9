package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped router (infra/deploy/nginx/parley-routes.conf in parley-local.conf.in, as {@code
 * infra/parley cluster start} renders it) run by Debian's nginx in front of three recording
 * stand-ins for the services: which upstream each request reaches, with which headers. The command
 * upstream's first server is a closed port, so every command also shows the failover.
 */
class RouterRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;
  static final List<HttpServer> stubs = new ArrayList<>();
  static Process nginx;
  static int port;

  @BeforeAll
  static void startTheRouter() throws Exception {
    int command = stub("command");
    int query = stub("query");
    int push = stub("push");
    int closed = TestPorts.free();
    // nginx's workers run as nobody when the test runs as root: they read the client files
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path client = Files.createDirectories(dir.resolve("client/assets"));
    Files.writeString(dir.resolve("client/index.html"), "<div id=\"root\"></div>");
    Files.writeString(client.resolve("app.js"), "console.log(1)");
    Files.createDirectories(dir.resolve("nginx-tmp"));
    port = TestPorts.free();
    Path nginxDir = ClusterLauncher.repo().resolve("infra/deploy/nginx");
    String conf =
        Files.readString(nginxDir.resolve("parley-local.conf.in"))
            .replace("@RUN_DIR@", dir.toString())
            .replace("@LISTEN@", "127.0.0.1:" + port)
            .replace("@STATIC_ROOT@", dir.resolve("client").toString())
            .replace("@ROUTES@", nginxDir.resolve("parley-routes.conf").toString())
            .replace("@MIME_TYPES@", "/etc/nginx/mime.types")
            .replace("@COMMAND_SERVERS@", servers(closed, command))
            .replace("@QUERY_SERVERS@", servers(query))
            .replace("@PUSH_SERVERS@", servers(push));
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf);
    nginx =
        new ProcessBuilder(
                "nginx", "-c", file.toString(), "-e", dir.resolve("error.log").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    Awaiting.until(
        () -> {
          if (!nginx.isAlive()) {
            throw new AssertionError("nginx exited: " + read(dir.resolve("nginx.out")));
          }
          try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
          } catch (IOException notYet) {
            return null;
          }
        },
        Duration.ofSeconds(20));
  }

  @AfterAll
  static void stopEverything() throws InterruptedException {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor();
    }
    stubs.forEach(stub -> stub.stop(0));
  }

  @Test
  void readsGoToTheQuerySideAndEveryOtherMethodToTheCommandSide() throws Exception {
    String conversation = "/api/conversations/" + UUID.randomUUID() + "/messages";
    assertThat(call("GET", conversation, null).path("upstream").asText()).isEqualTo("query");
    assertThat(call("HEAD", "/api/conversations", null).path("status").asInt()).isEqualTo(200);
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
      assertThat(call(method, conversation, "{}").path("upstream").asText())
          .as(method)
          .isEqualTo("command");
    }
    assertThat(call("POST", "/api/auth/login", "{}").path("upstream").asText())
        .isEqualTo("command");
  }

  @Test
  void theCommandSidesOwnGetAndThePushRoutesGoWhereTheyAreServed() throws Exception {
    assertThat(call("GET", "/api/me/sessions", null).path("upstream").asText())
        .isEqualTo("command");
    assertThat(call("DELETE", "/api/me/sessions/abc", null).path("upstream").asText())
        .isEqualTo("command");
    assertThat(call("GET", "/api/me/key-backup", null).path("upstream").asText())
        .isEqualTo("command");
    assertThat(call("PUT", "/api/me/device-key", "{}").path("upstream").asText())
        .isEqualTo("command");
    assertThat(call("GET", "/api/users/abc/device-keys", null).path("upstream").asText())
        .isEqualTo("query");
    assertThat(call("GET", "/api/push/vapid-key", null).path("upstream").asText())
        .isEqualTo("push");
    assertThat(call("POST", "/api/push/subscriptions", "{}").path("upstream").asText())
        .isEqualTo("push");
    assertThat(call("DELETE", "/api/push/subscriptions", null).path("upstream").asText())
        .isEqualTo("push");
    assertThat(call("GET", "/actuator/health", null).path("upstream").asText()).isEqualTo("query");
    assertThat(send("GET", "/actuator/prometheus", null, Map.of()).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/v3/api-docs", null).path("upstream").asText()).isEqualTo("query");
  }

  @Test
  void theSocketIsUpgradedOnThePushSideWithTheHostAndItsPort() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /ws HTTP/1.1\r\nHost: localhost:"
                      + port
                      + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + "Origin: http://localhost:"
                      + port
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = readAnswer(socket.getInputStream());
      JsonNode seen = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(seen.path("upstream").asText()).isEqualTo("push");
      assertThat(seen.path("upgrade").asText()).isEqualTo("websocket");
      assertThat(seen.path("connection").asText()).isEqualToIgnoringCase("upgrade");
      assertThat(seen.path("host").asText()).isEqualTo("localhost:" + port);
      assertThat(seen.path("origin").asText()).isEqualTo("http://localhost:" + port);
    }
  }

  @Test
  void theServicesSeeTheHostWithItsPortAndTheForwardedAddress() throws Exception {
    JsonNode seen = call("GET", "/api/conversations", null);
    assertThat(seen.path("host").asText()).isEqualTo("127.0.0.1:" + port);
    assertThat(seen.path("forwardedFor").asText()).isEqualTo("127.0.0.1");
    assertThat(seen.path("forwardedProto").asText()).isEqualTo("http");
    JsonNode spoofed =
        JSON.readTree(
            send("GET", "/api/conversations", null, Map.of("X-Forwarded-For", "6.6.6.6")).body());
    // appended, so the services take the right-most hop the proxy added
    assertThat(spoofed.path("forwardedFor").asText()).isEqualTo("6.6.6.6, 127.0.0.1");
  }

  @Test
  void theCommandsOfOneConversationGoToOneCommandSideAndPassADeadOne() throws Exception {
    // the first command server is a closed port: nginx passes the request on, POSTs included,
    // since nothing of them reached a backend
    for (int i = 0; i < 6; i++) {
      String path = "/api/conversations/" + UUID.randomUUID() + "/messages";
      JsonNode seen = call("POST", path, "{\"clientMessageId\":\"x\"}");
      assertThat(seen.path("upstream").asText()).isEqualTo("command");
      assertThat(seen.path("bodyLength").asInt()).isEqualTo(23);
    }
  }

  @Test
  void anUploadUpToTheAppsOwnLimitPassesAndTheRouterRefusesOnlyBeyondIt() throws Exception {
    byte[] big = new byte[25 * 1024 * 1024];
    HttpResponse<String> passed =
        HTTP.send(
            HttpRequest.newBuilder(uri("/api/uploads/" + UUID.randomUUID()))
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(big))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(passed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(passed.body()).path("upstream").asText()).isEqualTo("command");
    assertThat(JSON.readTree(passed.body()).path("bodyLength").asInt()).isEqualTo(big.length);
    // announced over the limit: refused from the headers alone
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("PUT /api/uploads/"
                      + UUID.randomUUID()
                      + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                      + 27 * 1024 * 1024
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] head = new byte[12];
      int read = 0;
      while (read < head.length) {
        int n = socket.getInputStream().read(head, read, head.length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
      assertThat(new String(head, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void theClientIsServedWithItsRoutesFallingBackToTheIndexPage() throws Exception {
    HttpResponse<String> route = send("GET", "/c/" + UUID.randomUUID(), null, Map.of());
    assertThat(route.statusCode()).isEqualTo(200);
    assertThat(route.body()).contains("<div id=\"root\">");
    assertThat(route.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
    assertThat(route.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(send("GET", "/", null, Map.of()).body()).contains("<div id=\"root\">");
    HttpResponse<String> asset = send("GET", "/assets/app.js", null, Map.of());
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    assertThat(send("GET", "/assets/missing.js", null, Map.of()).statusCode()).isEqualTo(404);
  }

  private static JsonNode call(String method, String path, String body) throws Exception {
    HttpResponse<String> response = send(method, path, body, Map.of());
    if (method.equals("HEAD")) {
      return JSON.createObjectNode().put("status", response.statusCode());
    }
    assertThat(response.statusCode()).as(method + " " + path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(
      String method, String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** A stand-in service answering what it saw. */
  private static int stub(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          long length = 0;
          try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
              length += n;
            }
          }
          Map<String, Object> seen = new LinkedHashMap<>();
          seen.put("upstream", name);
          seen.put("method", exchange.getRequestMethod());
          seen.put("path", exchange.getRequestURI().toString());
          seen.put("host", header(exchange, "Host"));
          seen.put("forwardedFor", header(exchange, "X-Forwarded-For"));
          seen.put("forwardedProto", header(exchange, "X-Forwarded-Proto"));
          seen.put("upgrade", header(exchange, "Upgrade"));
          seen.put("connection", header(exchange, "Connection"));
          seen.put("origin", header(exchange, "Origin"));
          seen.put("bodyLength", length);
          byte[] answer = JSON.writeValueAsBytes(seen);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
          } else {
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
          }
          exchange.close();
        });
    server.start();
    stubs.add(server);
    return server.getAddress().getPort();
  }

  private static String header(com.sun.net.httpserver.HttpExchange exchange, String name) {
    String value = exchange.getRequestHeaders().getFirst(name);
    return value == null ? "" : value;
  }

  private static String servers(int... ports) {
    StringBuilder lines = new StringBuilder();
    for (int p : ports) {
      lines.append("    server 127.0.0.1:").append(p).append(" max_fails=1 fail_timeout=5s;\n");
    }
    return lines.toString();
  }

  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      int headerEnd = text.indexOf("\r\n\r\n");
      if (headerEnd >= 0 && text.indexOf("}", headerEnd) >= 0) {
        break;
      }
    }
    return text.toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
