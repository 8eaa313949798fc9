package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Mentions and notification levels through the public API and the gateway (docs/api.md "Messages",
 * "Conversations"; docs/adr/0153, 0154).
 */
@StandaloneTest
class MentionsApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired io.parley.support.admin.ManagementPort managementPort;
  @Autowired org.springframework.core.env.ConfigurableEnvironment environment;

  Calls api;
  Calls.Actor owner;
  Calls.Actor member;
  Calls.Actor third;
  Calls.Actor outsider;
  UUID group;

  @BeforeEach
  void privateGroup() {
    api = new Calls(port);
    owner = api.newUser("mown");
    member = api.newUser("mmem");
    third = api.newUser("mthr");
    outsider = api.newUser("mout");
    group = api.privateGroup(owner, "Mentions", member, third);
  }

  private String messages() {
    return "/api/conversations/" + group + "/messages";
  }

  private JsonNode send(Calls.Actor as, String body) {
    return expect(
            api.post(
                as,
                messages(),
                Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body)),
            201)
        .path("message");
  }

  private static List<String> mentions(JsonNode message) {
    List<String> ids = new ArrayList<>();
    message.path("mentions").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  private JsonNode inboxItem(Calls.Actor as, Predicate<JsonNode> settled) {
    return Awaiting.until(
        () -> {
          JsonNode page = expect(api.get(as, "/api/conversations"), 200);
          for (JsonNode item : page.path("items")) {
            if (item.path("conversationId").asText().equals(group.toString())
                && settled.test(item)) {
              return item;
            }
          }
          return null;
        },
        WAIT);
  }

  private GatewayClient identified(Calls.Actor as) {
    GatewayClient client = new GatewayClient(port);
    client.send(Map.of("op", "identify", "token", as.token()));
    client.nextOp("ready", WAIT);
    return client;
  }

  private static JsonNode nextEvent(GatewayClient client, String type) {
    while (true) {
      JsonNode frame = client.nextOp("event", WAIT);
      if (type.equals(frame.path("type").asText())) {
        return frame;
      }
    }
  }

  @Test
  void aMentionOfAMemberIsResolvedCaseInsensitivelyAndPushed() {
    try (GatewayClient members = identified(member)) {
      JsonNode message =
          send(owner, "hi @" + member.username().toUpperCase() + ", and @" + outsider.username());

      assertThat(mentions(message)).containsExactly(member.id().toString());
      assertThat(message.path("mentionsEveryone").asBoolean()).isFalse();
      JsonNode pushed = nextEvent(members, "message.created").path("data");
      assertThat(mentions(pushed)).containsExactly(member.id().toString());
      assertThat(pushed.path("mentionsEveryone").isBoolean()).isTrue();
    }
    JsonNode history =
        Awaiting.until(
            () -> {
              JsonNode page = expect(api.get(member, messages()), 200);
              return page.path("items").size() == 1 ? page : null;
            },
            WAIT);
    assertThat(mentions(history.path("items").path(0))).containsExactly(member.id().toString());
  }

  @Test
  void theMentionCountRisesWithUnreadMentionsAndFallsWithTheReadMarkerAndDeletes() {
    send(owner, "@" + member.username() + " one");
    JsonNode second = send(third, "@everyone? @" + member.username() + " two");
    send(owner, "@here three");
    JsonNode item = inboxItem(member, i -> i.path("unreadCount").asLong() == 3);
    assertThat(item.path("mentionCount").asLong()).isEqualTo(3);
    assertThat(item.path("notificationLevel").asText()).isEqualTo("all");
    // A plain member's @everyone was plain text: it counted for the member only by name.
    assertThat(mentions(second)).containsExactly(member.id().toString());
    assertThat(second.path("mentionsEveryone").asBoolean()).isFalse();
    inboxItem(third, i -> i.path("mentionCount").asLong() == 1);

    expect(api.delete(third, messages() + "/" + second.path("messageId").asText()), 204);
    inboxItem(member, i -> i.path("mentionCount").asLong() == 2);

    expect(api.put(member, "/api/conversations/" + group + "/read", Map.of("seq", 1)), 204);
    inboxItem(member, i -> i.path("mentionCount").asLong() == 1);
  }

  @Test
  void aMemberSetsALevelThatTheInboxAndTheConversationShow() {
    String path = "/api/conversations/" + group + "/notifications";
    expect(api.put(member, path, Map.of("level", "muted")), 204);
    expect(api.put(member, path, Map.of("level", "muted")), 204);
    inboxItem(member, i -> i.path("notificationLevel").asText().equals("muted"));
    JsonNode details =
        Awaiting.until(
            () -> {
              JsonNode d = expect(api.get(member, "/api/conversations/" + group), 200);
              return d.path("notificationLevel").asText().equals("muted") ? d : null;
            },
            WAIT);
    assertThat(details.path("notificationLevel").asText()).isEqualTo("muted");
    inboxItem(third, i -> i.path("notificationLevel").asText().equals("all"));

    expect(api.put(member, path, Map.of("level", "mentions")), 204);
    inboxItem(member, i -> i.path("notificationLevel").asText().equals("mentions"));
  }

  @Test
  void hostileLevelsAndOutsidersAreRefused() {
    String path = "/api/conversations/" + group + "/notifications";
    for (Object body :
        List.of(
            Map.of("level", "loud"),
            Map.of("level", "MUTED"),
            Map.of("level", ""),
            Map.of("other", "muted"),
            Map.of("level", 3),
            "[]")) {
      JsonNode problem = expect(api.put(member, path, body), 400);
      assertThat(problem.path("status").asInt()).isEqualTo(400);
    }
    expect(api.put(outsider, path, Map.of("level", "muted")), 404);
    expect(
        api.put(
            outsider,
            "/api/conversations/" + UUID.randomUUID() + "/notifications",
            Map.of("level", "muted")),
        404);
    expect(api.put(null, path, Map.of("level", "muted")), 401);
  }

  @Test
  void hostileBodiesAreTextNotErrors() {
    assertThat(mentions(send(owner, "@"))).isEmpty();
    assertThat(mentions(send(owner, "@@@ @ @- mail@" + member.username()))).isEmpty();
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      many.append('@').append(i % 2 == 0 ? member.username() : "nobody" + i).append(' ');
    }
    String body = many.toString();
    if (body.length() > 4000) {
      body = body.substring(0, 4000);
    }
    JsonNode message = send(owner, body);
    assertThat(mentions(message)).containsExactly(member.id().toString());
    assertThat(mentions(send(owner, "@" + owner.username() + " me"))).isEmpty();
    assertThat(mentions(send(owner, "\uFF20" + member.username() + " fullwidth")))
        .containsExactly(member.id().toString());
  }

  @Test
  void anOwnersEveryoneMentionsTheWholeGroup() {
    JsonNode message = send(owner, "@everyone standup");
    assertThat(message.path("mentionsEveryone").asBoolean()).isTrue();
    inboxItem(member, i -> i.path("mentionCount").asLong() == 1);
    inboxItem(third, i -> i.path("mentionCount").asLong() == 1);
    inboxItem(owner, i -> i.path("mentionCount").asLong() == 0);
  }

  @Test
  void theInboxVerifiesCleanAfterMentionsLevelsAndDeletes() {
    JsonNode gone = send(owner, "@" + member.username() + " @everyone soon deleted");
    send(third, "@" + owner.username() + " stays");
    expect(api.delete(owner, messages() + "/" + gone.path("messageId").asText()), 204);
    String path = "/api/conversations/" + group + "/notifications";
    expect(api.put(member, path, Map.of("level", "mentions")), 204);
    expect(api.put(third, path, Map.of("level", "muted")), 204);
    expect(api.post(third, "/api/groups/" + group + "/leave", Map.of()), 204);
    inboxItem(owner, i -> i.path("mentionCount").asLong() == 1);
    Operator operator = Operator.signIn(managementPort, environment);
    JsonNode report =
        Awaiting.until(
            () -> {
              ApiClient.Response verified =
                  operator
                      .api()
                      .post("/api/admin/processors/inbox/verify", operator.token(), Map.of());
              return verified.status() == 200 && verified.body().path("differences").isEmpty()
                  ? verified.body()
                  : null;
            },
            WAIT);
    assertThat(report.path("differences")).isEmpty();
  }
}
