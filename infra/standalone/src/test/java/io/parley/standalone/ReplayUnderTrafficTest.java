package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 7's guarantee, at the level an operator sees it: every read model is reset and rebuilt from
 * a log of thousands of events (messages, edits, deletions, reactions, read markers, memberships)
 * while other users keep sending, and ends row for row as uninterrupted processing left it. Rows
 * that events appended meanwhile may legitimately change are left out of that comparison (they
 * belong to other users and conversations); the new messages themselves must all be there.
 */
@StandaloneTest
class ReplayUnderTrafficTest {
  static final List<String> POSTGRES_TABLES =
      List.of(
          "directory_user",
          "directory_conversation",
          "directory_membership",
          "inbox_conversation",
          "inbox_entry",
          "inbox_deleted_message",
          "push_membership",
          "push_conversation",
          "push_user");
  static final List<String> CQL_TABLES =
      List.of("messages_by_conversation", "conversation_timeline_head", "reactions_by_message");
  static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  static final String THUMBS_UP = URLEncoder.encode("👍", StandardCharsets.UTF_8);

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired CqlSession cql;
  @Autowired io.parley.support.admin.ManagementPort managementPort;
  @Autowired org.springframework.core.env.ConfigurableEnvironment environment;
  ApiClient api;
  ApiClient ops;
  String admin;

  @Test
  void replayingEveryReadModelWhileUsersSendRebuildsTheSameRows() throws Exception {
    api = new ApiClient(port);
    Operator operator = Operator.signIn(managementPort, environment);
    ops = operator.api();
    admin = operator.token();
    String tag = UUID.randomUUID().toString().substring(0, 6);
    List<String> tokens = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestUsers.register(api, "hist" + tag + i);
      tokens.add(TestUsers.login(api, "hist" + tag + i));
      ids.add(api.get("/api/me", tokens.get(i)).body().path("user").path("userId").asText());
    }
    List<String> conversations = new ArrayList<>();
    for (int g = 0; g < 4; g++) {
      conversations.add(
          id(
              api.post(
                  "/api/groups",
                  tokens.get(0),
                  Map.of(
                      "name",
                      "History " + g,
                      "visibility",
                      "private",
                      "memberIds",
                      ids.subList(1, 4)))));
    }
    conversations.add(
        id(api.post("/api/conversations/direct", tokens.get(1), Map.of("userId", ids.get(2)))));
    long logBefore = logSize();
    history(tokens, conversations, 1200);
    assertThat(logSize() - logBefore).as("events of the history").isGreaterThanOrEqualTo(1500);

    // Two other users, one other group: the traffic that goes on during the replay.
    TestUsers.register(api, "live" + tag + "a");
    TestUsers.register(api, "live" + tag + "b");
    String liveA = TestUsers.login(api, "live" + tag + "a");
    String liveB = TestUsers.login(api, "live" + tag + "b");
    String liveBId = api.get("/api/me", liveB).body().path("user").path("userId").asText();
    String live =
        id(
            api.post(
                "/api/groups",
                liveA,
                Map.of("name", "Live", "visibility", "private", "memberIds", List.of(liveBId))));

    awaitEveryProcessorAtTheHead();
    long mark = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
    Map<String, List<String>> before = snapshot();

    assertThat(ops.post("/api/admin/processors/all/replay", admin, Map.of()).status())
        .isEqualTo(202);
    for (int i = 1; i <= 60; i++) {
      send(i % 2 == 0 ? liveA : liveB, live, "during " + i);
    }
    awaitEveryProcessorAtTheHead();
    Map<String, List<String>> after = snapshot();

    Set<String> touched = idsInEventsAfter(mark);
    assertThat(touched).contains(live).doesNotContainAnyElementsOf(conversations);
    for (String table : before.keySet()) {
      assertThat(untouched(after.get(table), touched))
          .as("%s after the replay, rows no later event touched", table)
          .containsExactlyElementsOf(untouched(before.get(table), touched));
    }
    assertThat(untouched(before.get("messages_by_conversation"), touched))
        .as("timeline rows compared")
        .hasSizeGreaterThan(1000);

    JsonNode page = api.get("/api/conversations/" + live + "/messages?limit=100", liveA).body();
    assertThat(page.path("items")).hasSize(60);
    assertThat(page.path("items").get(59).path("body").asText()).isEqualTo("during 60");
  }

  /**
   * A history from four users in five conversations, eight at a time: messages then edits,
   * deletions, reactions and read markers of them.
   */
  private void history(List<String> tokens, List<String> conversations, int messages)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonNode>> sent = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        int n = i;
        String conversation = conversations.get(n % conversations.size());
        String token = tokens.get(conversation.equals(conversations.get(4)) ? 1 + n % 2 : n % 4);
        sent.add(pool.submit(() -> send(token, conversation, "message " + n)));
      }
      List<Future<?>> changes = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        JsonNode message = sent.get(i).get();
        String conversation = conversations.get(i % conversations.size());
        String author = tokens.get(conversation.equals(conversations.get(4)) ? 1 + i % 2 : i % 4);
        String other =
            tokens.get(conversation.equals(conversations.get(4)) ? 2 - i % 2 : 3 - i % 4);
        String path =
            "/api/conversations/"
                + conversation
                + "/messages/"
                + message.path("messageId").asText();
        if (i % 9 == 0) {
          changes.add(pool.submit(() -> expect(api.call("PATCH", path, author, body("edited")))));
        } else if (i % 13 == 0) {
          changes.add(pool.submit(() -> expect(api.call("DELETE", path, author, null))));
        } else if (i % 5 == 0) {
          changes.add(
              pool.submit(
                  () -> expect(api.call("PUT", path + "/reactions/" + THUMBS_UP, other, null))));
        } else if (i % 11 == 0) {
          long seq = message.path("seq").asLong();
          changes.add(
              pool.submit(
                  () ->
                      expect(
                          api.call(
                              "PUT",
                              "/api/conversations/" + conversation + "/read",
                              other,
                              Map.of("seq", seq)))));
        }
      }
      for (Future<?> change : changes) {
        change.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private long logSize() {
    return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
  }

  private JsonNode send(String token, String conversation, String text) {
    ApiClient.Response response =
        api.post(
            "/api/conversations/" + conversation + "/messages",
            token,
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", text));
    assertThat(response.status()).as("send: %s", response.body()).isEqualTo(201);
    return response.body().path("message");
  }

  private static Map<String, String> body(String text) {
    return Map.of("body", text);
  }

  private static Object expect(ApiClient.Response response) {
    assertThat(response.status()).as("%s", response.body()).isBetween(200, 204);
    return response;
  }

  private static String id(ApiClient.Response created) {
    assertThat(created.status()).as("%s", created.body()).isIn(200, 201);
    return created.body().path("conversation").path("conversationId").asText();
  }

  /** Every table of every rebuildable read model, each row as text, sorted. */
  private Map<String, List<String>> snapshot() {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    for (String table : POSTGRES_TABLES) {
      tables.put(
          table,
          jdbc.queryForList("SELECT t::text FROM " + table + " t ORDER BY t::text", String.class));
    }
    for (String table : CQL_TABLES) {
      tables.put(
          table,
          cql.execute("SELECT * FROM " + table).all().stream()
              .map(row -> row.getFormattedContents())
              .sorted()
              .toList());
    }
    return tables;
  }

  /** Every id named by an event appended after {@code globalIndex} (aggregate or payload). */
  private Set<String> idsInEventsAfter(long globalIndex) {
    Set<String> ids = new HashSet<>();
    jdbc.query(
        "SELECT aggregateidentifier, convert_from(payload, 'UTF8') AS payload"
            + " FROM domainevententry WHERE globalindex > ?",
        row -> {
          for (String column : List.of("aggregateidentifier", "payload")) {
            Matcher matcher = UUID_TEXT.matcher(row.getString(column));
            while (matcher.find()) {
              ids.add(matcher.group());
            }
          }
        },
        globalIndex);
    return ids;
  }

  private static List<String> untouched(List<String> rows, Set<String> touched) {
    return rows.stream()
        .filter(
            row -> {
              Matcher matcher = UUID_TEXT.matcher(row);
              while (matcher.find()) {
                if (touched.contains(matcher.group())) {
                  return false;
                }
              }
              return true;
            })
        .toList();
  }

  private void awaitEveryProcessorAtTheHead() {
    Awaiting.until(
        () -> {
          JsonNode items = ops.get("/api/admin/processors", admin).body().path("items");
          for (JsonNode item : items) {
            if (item.path("replaying").asBoolean()
                || (item.path("position").isNumber()
                    && item.path("position").asLong() < item.path("head").asLong())) {
              return null;
            }
          }
          return true;
        },
        Duration.ofSeconds(120));
  }
}
