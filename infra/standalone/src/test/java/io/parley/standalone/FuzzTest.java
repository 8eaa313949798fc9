package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.admin.ManagementPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every REST endpoint of docs/api.md and every WebSocket op, fed hostile values one slot at a time
 * (the rest of the request valid) from a fixed seed, so a failure reproduces: never a 5xx, nothing
 * written by a refused request, and afterwards the conversation's read models still move and agree.
 */
@StandaloneTest
class FuzzTest {
  private static final long SEED = 14L;
  private static final int REQUESTS = 400;
  private static final int WS_FRAMES = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Raw JSON values no field of the API accepts, or accepts only at its bounds. */
  private static final List<String> HOSTILE_JSON =
      List.of(
          "\"bad \\ud800 x\"",
          "\"\\udc00\\ud800\"",
          "\"a\\u0000b\"",
          "\"\\u0000\"",
          "1e400",
          "-99999999999999999999999",
          "123456789012345678901234567890",
          "9223372036854775808",
          "-1",
          "0",
          "1.5",
          "true",
          "[]",
          "{}",
          "null",
          "\"\"",
          "\"   \"",
          "\"not-a-uuid\"",
          "\"00000000-0000-0000-0000-00000000000g\"",
          "\"\\u202e\\u0007\"",
          "\"" + "x".repeat(5_000) + "\"",
          "[".repeat(40) + "]".repeat(40),
          "[".repeat(3_000) + "]".repeat(3_000),
          "{\"a\":".repeat(200) + "1" + "}".repeat(200),
          "[\"\\ud800\"]",
          "[\"" + UUID.randomUUID() + "\",\"\\u0000\"]",
          "\"!!!\"");

  /** Whole bodies that are no request at all. */
  private static final List<String> HOSTILE_BODIES =
      List.of(
          "",
          "{",
          "[]",
          "\"text\"",
          "null",
          "{\"a\":}",
          "[".repeat(5_000) + "]".repeat(5_000),
          "{\"body\":\"" + "x".repeat(70_000) + "\"}",
          "{\"\\ud800\":1}",
          "{\"\\u0000\":\"\\u0000\"}");

  /** Path segments, already percent-encoded as a client would send them. */
  private static final List<String> HOSTILE_SEGMENTS =
      List.of(
          "%00",
          "a%00b",
          "%ED%A0%80",
          "%C0%80",
          "%FF",
          "%2e%2e",
          "..",
          "%2F",
          "not-a-uuid",
          "99999999999999999999999",
          "-1",
          "0",
          "x".repeat(2_000),
          "%F0%9F%98%80",
          "%E2%80%AE",
          UUID.randomUUID().toString());

  /** Query parameter values, percent-encoded. */
  private static final List<String> HOSTILE_QUERY =
      List.of(
          "%00",
          "a%00b",
          "%ED%A0%80",
          "%FF",
          "99999999999999999999999",
          "-5",
          "0",
          "abc",
          "!!!",
          "",
          "x".repeat(5_000),
          cursor("0|0|0|" + UUID.randomUUID() + "|a\u0000b"),
          cursor("1\n" + UUID.randomUUID()),
          cursor("99999999999999999999999\n" + UUID.randomUUID()),
          cursor("x\u0000\ny"),
          "%2B%2F%3D");

  private record Endpoint(
      String method, String path, Map<String, String> body, List<String> query, boolean admin) {}

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ManagementPort managementPort;
  @Autowired ConfigurableEnvironment environment;
  Calls calls;
  Calls admin;
  Calls.Actor owner;
  Calls.Actor member;
  Calls.Actor operator;
  UUID groupId;
  String messageId;

  @BeforeEach
  void setUp() {
    calls = new Calls(port);
    owner = calls.newUser("fuzzo");
    member = calls.newUser("fuzzm");
    // The operator API answers on the management port only, to admins named by id (ADR 0087).
    admin = new Calls(managementPort.port());
    Operator signedIn = Operator.signIn(managementPort, environment);
    operator = new Calls.Actor(signedIn.userId(), Operator.NAME, signedIn.token());
    groupId =
        UUID.fromString(
            Calls.expect(
                    calls.post(
                        owner, "/api/groups", Map.of("name", "Fuzzed", "visibility", "public")),
                    201)
                .path("conversation")
                .path("conversationId")
                .asText());
    Calls.expect(
        calls.post(owner, "/api/groups/" + groupId + "/members", Map.of("userId", member.id())),
        204);
    messageId =
        Calls.expect(
                calls.post(
                    owner,
                    "/api/conversations/" + groupId + "/messages",
                    Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "first")),
                201)
            .path("message")
            .path("messageId")
            .asText();
  }

  @Test
  void hostileRequestsToEveryEndpointAreNeverServerErrorsNorPartialWrites() {
    Random random = new Random(SEED);
    List<Endpoint> endpoints = endpoints();
    List<String> failures = new ArrayList<>();
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (int i = 0; i < REQUESTS; i++) {
      Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
      Request request = hostile(endpoint, random);
      List<Object> before = writes();
      ApiClient.Response response =
          (endpoint.admin() ? admin : calls)
              .send(
                  endpoint.admin() ? operator : owner,
                  endpoint.method(),
                  request.path(),
                  request.body());
      String what =
          "#"
              + i
              + " "
              + endpoint.method()
              + " "
              + request.path()
              + " "
              + abbreviated(request.body());
      statuses.merge(response.status(), 1, Integer::sum);
      if (response.status() >= 500) {
        failures.add(what + " -> " + response.status() + " " + response.body());
      } else if (response.status() >= 400 && !before.equals(writes())) {
        failures.add(
            what + " -> " + response.status() + " but wrote " + before + " -> " + writes());
      }
      if (response.status() >= 400 && response.status() != 404 && response.status() != 405) {
        if (!response.contentType().startsWith("application/problem+json")) {
          failures.add(what + " -> " + response.status() + " as " + response.contentType());
        }
      }
    }
    System.out.println("FuzzTest statuses (seed " + SEED + "): " + statuses);
    assertThat(failures).as("seed %d", SEED).isEmpty();
    assertTheConversationStillMoves();
  }

  @Test
  void hostileWebSocketFramesCloseWithAClientErrorCodeOrAreIgnored() throws Exception {
    Random random = new Random(SEED);
    List<String> frames = new ArrayList<>();
    for (String value : HOSTILE_JSON) {
      frames.add("{\"op\":\"typing\",\"conversationId\":" + value + "}");
      frames.add("{\"op\":\"ack\",\"conversationId\":\"" + groupId + "\",\"seq\":" + value + "}");
      frames.add("{\"op\":\"ack\",\"conversationId\":" + value + ",\"seq\":1}");
      frames.add("{\"op\":\"presence_subscribe\",\"userIds\":" + value + "}");
      frames.add("{\"op\":" + value + "}");
      frames.add("{\"op\":\"heartbeat\",\"extra\":" + value + "}");
    }
    frames.addAll(HOSTILE_BODIES.subList(0, 7));
    frames.add("{\"op\":\"presence_subscribe\",\"userIds\":[" + "\"x\",".repeat(300) + "\"x\"]}");
    List<String> failures = new ArrayList<>();
    for (String value : HOSTILE_JSON) {
      Socket socket = new Socket();
      socket.send("{\"op\":\"identify\",\"token\":" + value + "}");
      int code = socket.closeCode();
      if (code < 4000 || code > 4999) {
        failures.add("identify " + abbreviated(value) + " -> " + code);
      }
      socket.socket.abort();
    }
    java.util.Collections.shuffle(frames, random);
    Socket socket = identified();
    for (String frame : frames.subList(0, Math.min(WS_FRAMES, frames.size()))) {
      if (socket.closed.isDone()) {
        socket = identified();
      }
      if (socket.send(frame) && socket.send("{\"op\":\"heartbeat\"}")) {
        if (socket.await("heartbeat_ack")) {
          continue;
        }
      }
      int code = socket.closeCode();
      if (code == 1011 || code == 0) {
        failures.add(abbreviated(frame) + " -> " + code);
      }
      socket.socket.abort();
      socket = identified();
    }
    socket.socket.abort();
    assertThat(failures).as("seed %d", SEED).isEmpty();
    assertTheConversationStillMoves();
  }

  /** A normal message still shows in history, and the timeline, inbox and details agree on it. */
  private void assertTheConversationStillMoves() {
    String body = "after the fuzz " + UUID.randomUUID();
    long seq =
        Calls.expect(
                calls.post(
                    member,
                    "/api/conversations/" + groupId + "/messages",
                    Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body)),
                201)
            .path("message")
            .path("seq")
            .asLong();
    Awaiting.until(
        () -> {
          JsonNode items =
              calls.get(owner, "/api/conversations/" + groupId + "/messages").body().path("items");
          JsonNode last = items.get(items.size() - 1);
          return last.path("seq").asLong() == seq && last.path("body").asText().equals(body)
              ? true
              : null;
        },
        Duration.ofSeconds(30));
    Awaiting.until(
        () -> {
          for (JsonNode item :
              calls.get(member, "/api/conversations?limit=200").body().path("items")) {
            if (item.path("conversationId").asText().equals(groupId.toString())) {
              return item.path("lastSeq").asLong() == seq
                      && item.path("lastMessage").path("body").asText().equals(body)
                  ? true
                  : null;
            }
          }
          return null;
        },
        Duration.ofSeconds(30));
    JsonNode parked = calls.get(null, "/actuator/health/parked").body();
    assertThat(parked.toString()).doesNotContain(groupId.toString());
  }

  private record Request(String path, String body) {}

  private Request hostile(Endpoint endpoint, Random random) {
    List<String> slots = new ArrayList<>();
    if (endpoint.path().contains("{")) {
      slots.add("path");
    }
    if (!endpoint.query().isEmpty()) {
      slots.add("query");
    }
    if (endpoint.body() != null) {
      slots.add("field");
      slots.add("body");
    }
    String slot = slots.get(random.nextInt(slots.size()));
    String path = endpoint.path();
    List<String> placeholders = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path);
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    String hostilePlaceholder =
        slot.equals("path") ? placeholders.get(random.nextInt(placeholders.size())) : null;
    for (String placeholder : placeholders) {
      String value =
          placeholder.equals(hostilePlaceholder)
              ? pick(HOSTILE_SEGMENTS, random)
              : valid(placeholder);
      path = path.replace("{" + placeholder + "}", value);
    }
    if (!endpoint.query().isEmpty()) {
      StringBuilder query = new StringBuilder();
      String hostileParameter = slot.equals("query") ? pick(endpoint.query(), random) : null;
      for (String parameter : endpoint.query()) {
        if (parameter.equals(hostileParameter)) {
          query
              .append(query.isEmpty() ? "?" : "&")
              .append(parameter)
              .append('=')
              .append(pick(HOSTILE_QUERY, random));
        }
      }
      path += query;
    }
    String body = null;
    if (endpoint.body() != null) {
      if (slot.equals("body")) {
        body = pick(HOSTILE_BODIES, random);
      } else {
        List<String> fields = new ArrayList<>(endpoint.body().keySet());
        String hostileField =
            slot.equals("field") && !fields.isEmpty() ? pick(fields, random) : null;
        StringBuilder json = new StringBuilder("{");
        for (String field : fields) {
          if (json.length() > 1) {
            json.append(',');
          }
          json.append('"').append(field).append("\":");
          json.append(
              field.equals(hostileField)
                  ? pick(HOSTILE_JSON, random)
                  : endpoint
                      .body()
                      .get(field)
                      .replace("{uuid}", UUID.randomUUID().toString())
                      .replace("{short}", Long.toHexString(random.nextLong())));
        }
        body = json.append('}').toString();
      }
    }
    return new Request(path, body);
  }

  private String valid(String placeholder) {
    return switch (placeholder) {
      case "group" -> groupId.toString();
      case "user" -> member.id().toString();
      case "message" -> messageId;
      case "emoji" -> "%F0%9F%91%8D";
      case "processor" -> "inbox";
      case "event" -> UUID.randomUUID().toString();
      default -> throw new IllegalArgumentException(placeholder);
    };
  }

  private List<Endpoint> endpoints() {
    String conversation = "/api/conversations/{group}";
    String message = conversation + "/messages/{message}";
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(
        body(
            "POST",
            "/api/auth/register",
            "username",
            "\"fz{short}\"",
            "email",
            "\"{uuid}@example.test\"",
            "password",
            "\"" + TestUsers.PASSWORD + "\"",
            "displayName",
            "\"Fuzzed\""));
    endpoints.add(
        body(
            "POST",
            "/api/auth/login",
            "login",
            "\"" + owner.username() + "\"",
            "password",
            "\"not the password\"",
            "deviceName",
            "\"fuzz\""));
    endpoints.add(body("POST", "/api/auth/refresh", "refreshToken", "\"{uuid}\""));
    endpoints.add(body("POST", "/api/auth/logout", "refreshToken", "\"{uuid}\""));
    endpoints.add(body("PATCH", "/api/me", "displayName", "\"Fuzz\""));
    endpoints.add(
        body(
            "POST",
            "/api/me/password",
            "currentPassword",
            "\"not the password\"",
            "newPassword",
            "\"another password\""));
    endpoints.add(query("GET", "/api/users", "query", "limit", "cursor"));
    endpoints.add(query("GET", "/api/users/{user}"));
    endpoints.add(body("POST", "/api/conversations/direct", "userId", "\"" + member.id() + "\""));
    endpoints.add(
        body(
            "POST",
            "/api/groups",
            "name",
            "\"Fuzz group\"",
            "topic",
            "\"topic\"",
            "visibility",
            "\"private\"",
            "memberIds",
            "[]"));
    endpoints.add(query("GET", "/api/groups", "query", "limit", "cursor"));
    endpoints.add(
        body(
            "PATCH",
            "/api/groups/{group}",
            "name",
            "\"Fuzzed\"",
            "topic",
            "\"t\"",
            "visibility",
            "\"public\""));
    endpoints.add(query("POST", "/api/groups/{group}/join"));
    endpoints.add(query("POST", "/api/groups/{group}/leave"));
    endpoints.add(body("POST", "/api/groups/{group}/members", "userId", "\"" + member.id() + "\""));
    endpoints.add(query("DELETE", "/api/groups/{group}/members/{user}"));
    endpoints.add(body("PUT", "/api/groups/{group}/members/{user}/role", "role", "\"member\""));
    endpoints.add(query("GET", "/api/conversations", "limit", "cursor"));
    endpoints.add(query("GET", conversation));
    endpoints.add(query("GET", conversation + "/members", "limit", "cursor"));
    endpoints.add(
        body(
            "POST",
            conversation + "/messages",
            "clientMessageId",
            "\"{uuid}\"",
            "body",
            "\"hello\"",
            "replyToMessageId",
            "\"" + "{message}" + "\""));
    endpoints.add(query("GET", conversation + "/messages", "before", "after", "limit"));
    endpoints.add(body("PATCH", message, "body", "\"edited\""));
    endpoints.add(query("DELETE", message));
    endpoints.add(query("PUT", message + "/reactions/{emoji}"));
    endpoints.add(query("DELETE", message + "/reactions/{emoji}"));
    endpoints.add(body("PUT", conversation + "/read", "seq", "1"));
    endpoints.add(admin("GET", "/api/admin/processors/{processor}"));
    endpoints.add(admin("POST", "/api/admin/processors/{processor}/verify"));
    endpoints.add(admin("GET", "/api/admin/dead-letters/{processor}"));
    endpoints.add(admin("DELETE", "/api/admin/dead-letters/{processor}/{event}"));
    endpoints.add(admin("GET", "/api/admin/events/{group}"));
    endpoints.add(
        new Endpoint("GET", "/api/admin/events/export", null, List.of("from", "to"), true));
    List<Endpoint> resolved = new ArrayList<>();
    for (Endpoint e : endpoints) {
      Map<String, String> body = null;
      if (e.body() != null) {
        body = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : e.body().entrySet()) {
          body.put(field.getKey(), field.getValue().replace("{message}", messageId));
        }
      }
      resolved.add(new Endpoint(e.method(), e.path(), body, e.query(), e.admin()));
    }
    return resolved;
  }

  private static Endpoint body(String method, String path, String... fieldsAndValues) {
    Map<String, String> body = new LinkedHashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      body.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return new Endpoint(method, path, body, List.of(), false);
  }

  private static Endpoint query(String method, String path, String... parameters) {
    return new Endpoint(method, path, null, List.of(parameters), false);
  }

  private static Endpoint admin(String method, String path) {
    return new Endpoint(method, path, null, List.of(), true);
  }

  /** Everything a refused request must not have changed: the log and the command-side tables. */
  private List<Object> writes() {
    return List.of(
        jdbc.queryForList(
            "SELECT (SELECT coalesce(max(globalindex), 0) FROM domainevententry),"
                + " (SELECT count(*) FROM account_credentials),"
                + " (SELECT count(*) FROM conversation_member),"
                + " (SELECT count(*) FROM message_ref),"
                + " (SELECT count(*) FROM message_reaction),"
                + " (SELECT count(*) FROM device_session),"
                + " (SELECT count(*) FROM refresh_token)"));
  }

  /** A gateway socket as a hostile client drives it: raw frames in, frames and close code out. */
  private final class Socket implements WebSocket.Listener {
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    final WebSocket socket;

    Socket() {
      socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .buildAsync(URI.create("ws://localhost:" + port + "/ws"), this)
              .join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      closed.complete(code);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(1006);
    }

    boolean send(String frame) {
      try {
        socket.sendText(frame, true).join();
        return true;
      } catch (java.util.concurrent.CompletionException e) {
        return false;
      }
    }

    /** Waits for a frame containing {@code marker}: true, or false once closed or timed out. */
    boolean await(String marker) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && !closed.isDone()) {
        String next = received.poll(50, TimeUnit.MILLISECONDS);
        if (next != null && next.contains(marker)) {
          return true;
        }
      }
      return false;
    }

    /** The close code, 0 if the socket neither closed nor answered in time. */
    int closeCode() {
      try {
        return closed.get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        return 0;
      }
    }
  }

  /** A socket identified as the owner. */
  private Socket identified() throws InterruptedException {
    Socket socket = new Socket();
    socket.send("{\"op\":\"identify\",\"token\":\"" + owner.token() + "\"}");
    assertThat(socket.await("\"ready\"")).as("ready after identify").isTrue();
    return socket;
  }

  private static <T> T pick(List<T> values, Random random) {
    return values.get(random.nextInt(values.size()));
  }

  private static String cursor(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static String abbreviated(String text) {
    return text == null || text.length() <= 120 ? text : text.substring(0, 120) + "…";
  }
}
