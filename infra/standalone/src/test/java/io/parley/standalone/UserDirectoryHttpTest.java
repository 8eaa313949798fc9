package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.account.UserPresenceChangedEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The users directory over HTTP: a profile with presence, and search with cursor pages. */
@StandaloneTest
class UserDirectoryHttpTest {
  private static final String PASSWORD = "directory password";

  @LocalServerPort int port;
  @Autowired EventGateway events;
  @Autowired JdbcTemplate jdbc;

  private AuthHttp api;
  private String tag;
  private String token;

  @BeforeEach
  void signIn() {
    api = new AuthHttp(port).from(AuthHttp.freshAddress());
    tag = "d" + UUID.randomUUID().toString().substring(0, 7);
    String me = tag + "me";
    api.register(me, me + "@example.test", PASSWORD);
    token = api.login(me, PASSWORD, null).body().path("accessToken").asText();
  }

  private String register(String username) {
    return api.register(username, username + "@example.test", PASSWORD)
        .user()
        .path("userId")
        .asText();
  }

  private JsonNode search(String query, Integer limit, String cursor) {
    StringBuilder path =
        new StringBuilder("/api/users?query=")
            .append(URLEncoder.encode(query, StandardCharsets.UTF_8));
    if (limit != null) {
      path.append("&limit=").append(limit);
    }
    if (cursor != null) {
      path.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
    AuthHttp.Reply reply = api.get(path.toString(), token);
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    return reply.body();
  }

  private static List<String> usernames(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.path("items").forEach(item -> names.add(item.path("username").asText()));
    return names;
  }

  @Test
  void aUserIsShownWithPresenceThatFollowsTheGateway() {
    String userId = register(tag + "pres");

    JsonNode profile =
        Awaiting.until(
            () -> {
              AuthHttp.Reply reply = api.get("/api/users/" + userId, token);
              return reply.status() == 200 ? reply.body() : null;
            },
            Duration.ofSeconds(10));
    assertThat(profile.path("user").path("username").asText()).isEqualTo(tag + "pres");
    assertThat(profile.path("user").has("email")).isFalse();
    assertThat(profile.path("presence").path("status").asText()).isEqualTo("offline");
    assertThat(profile.path("presence").path("lastSeenAt").isNull()).isTrue();

    Instant seen = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    events.publish(new UserPresenceChangedEvent(UUID.fromString(userId), true, seen));
    JsonNode online =
        Awaiting.until(
            () -> {
              JsonNode presence = api.get("/api/users/" + userId, token).body().path("presence");
              return "online".equals(presence.path("status").asText()) ? presence : null;
            },
            Duration.ofSeconds(10));
    assertThat(Instant.parse(online.path("lastSeenAt").asText())).isEqualTo(seen);

    events.publish(
        new UserPresenceChangedEvent(UUID.fromString(userId), false, seen.plusSeconds(5)));
    Awaiting.until(
        () ->
            "offline"
                    .equals(
                        api.get("/api/users/" + userId, token)
                            .body()
                            .path("presence")
                            .path("status")
                            .asText())
                ? true
                : null,
        Duration.ofSeconds(10));
  }

  private JsonNode presenceOnceItIs(String userId, String status) {
    return Awaiting.until(
        () -> {
          JsonNode presence = api.get("/api/users/" + userId, token).body().path("presence");
          return status.equals(presence.path("status").asText()) ? presence : null;
        },
        Duration.ofSeconds(10));
  }

  @Test
  void theUserViewFollowsARealSocketWithoutAnyPresenceEventInTheLog() {
    String name = tag + "sock";
    String userId = register(name);
    String userToken = api.login(name, PASSWORD, null).body().path("accessToken").asText();

    Instant beforeClose;
    try (GatewayClient socket = new GatewayClient(port)) {
      socket.send(Map.of("op", "identify", "token", userToken));
      socket.nextOp("ready", Duration.ofSeconds(10));
      presenceOnceItIs(userId, "online");
      beforeClose = Instant.now().minusSeconds(1);
    }
    JsonNode offline = presenceOnceItIs(userId, "offline");
    assertThat(Instant.parse(offline.path("lastSeenAt").asText())).isAfter(beforeClose);
    assertThat(
            new EventLog(jdbc)
                .countMentioning(UUID.fromString(userId), UserPresenceChangedEvent.class))
        .as("presence flips stay out of the event log")
        .isZero();
  }

  @Test
  void searchFindsByUsernamePrefixDisplayNameAndMisspellingAndPagesByCursor() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      register(tag + "p" + i);
      expected.add(tag + "p" + i);
    }
    Awaiting.until(
        () -> usernames(search(tag + "p", null, null)).containsAll(expected) ? true : null,
        Duration.ofSeconds(10));

    // the five prefix matches come first; fuzzy neighbours (such as this test's own user) follow
    JsonNode all = search(tag + "p", null, null);
    List<String> found = usernames(all);
    assertThat(found.subList(0, 5)).containsExactlyElementsOf(expected);
    assertThat(all.path("nextCursor").isNull()).isTrue();

    List<String> paged = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = search(tag + "p", 2, cursor);
      assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
      paged.addAll(usernames(page));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(paged).containsExactlyElementsOf(found);
    assertThat(pages).isEqualTo((found.size() + 1) / 2);

    assertThat(usernames(search(tag.toUpperCase() + "P3", null, null))).startsWith(tag + "p3");
    assertThat(usernames(search(tag + "pp3", null, null))).contains(tag + "p3");

    JsonNode first = search(tag + "p", 2, null);
    AuthHttp.Reply foreign =
        api.get(
            "/api/users?query=other&cursor="
                + URLEncoder.encode(first.path("nextCursor").asText(), StandardCharsets.UTF_8),
            token);
    assertThat(foreign.status()).isEqualTo(400);
  }

  @Test
  void aDisplayNameIsSearchableByAnyOfItsWords() {
    String name = tag + "dn";
    register(name);
    String renamedToken = api.login(name, PASSWORD, null).body().path("accessToken").asText();
    api.patch("/api/me", renamedToken, java.util.Map.of("displayName", "Zebedee " + tag + "Quux"));

    Awaiting.until(
        () -> usernames(search(tag + "quu", null, null)).contains(name) ? true : null,
        Duration.ofSeconds(10));
    assertThat(usernames(search("zebedee " + tag, null, null))).contains(name);
  }
}
