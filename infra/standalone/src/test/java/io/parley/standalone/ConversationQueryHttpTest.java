package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** GET /api/conversations/{id} and its members, as members, as outsiders, and with bad input. */
@StandaloneTest
class ConversationQueryHttpTest {
  @LocalServerPort int port;
  ApiClient api;
  QueryFixtures fixtures;
  QueryFixtures.User owner;
  QueryFixtures.User member;
  QueryFixtures.User outsider;

  @BeforeEach
  void users() {
    api = new ApiClient(port);
    fixtures = new QueryFixtures(api);
    owner = fixtures.user("own");
    member = fixtures.user("mem");
    outsider = fixtures.user("out");
  }

  @Test
  void aMemberSeesTheConversationItsFirstMembersPageTheirRoleAndReadMarker() {
    String id = fixtures.group(owner, "Details", "private", member);
    fixtures.send(owner, id, "hello");

    JsonNode details =
        fixtures.awaitGet(
            "/api/conversations/" + id,
            member,
            body -> body.path("conversation").path("lastSeq").asLong() == 1);

    JsonNode conversation = details.path("conversation");
    assertThat(conversation.path("conversationId").asText()).isEqualTo(id);
    assertThat(conversation.path("kind").asText()).isEqualTo("group");
    assertThat(conversation.path("name").asText()).isEqualTo("Details");
    assertThat(conversation.path("topic").asText()).isEmpty();
    assertThat(conversation.path("visibility").asText()).isEqualTo("private");
    assertThat(conversation.path("memberCount").asInt()).isEqualTo(2);
    assertThat(conversation.path("createdAt").asText()).endsWith("Z");
    assertThat(details.path("myRole").asText()).isEqualTo("member");
    assertThat(details.path("readSeq").asLong()).isZero();
    JsonNode first = details.path("members").path("items").get(0);
    assertThat(first.path("userId").asText()).isEqualTo(owner.id());
    assertThat(first.path("role").asText()).isEqualTo("owner");
    assertThat(first.path("username").asText()).isEqualTo(owner.username());
    assertThat(first.path("displayName").isTextual()).isTrue();
    assertThat(first.path("joinedAt").asText()).endsWith("Z");
    assertThat(details.path("members").path("nextCursor").isNull()).isTrue();

    JsonNode ownersView =
        fixtures.awaitGet(
            "/api/conversations/" + id, owner, body -> body.path("readSeq").asLong() == 1);
    assertThat(ownersView.path("myRole").asText()).isEqualTo("owner");
  }

  @Test
  void membersComeInPagesOwnerFirstWithoutGapOrOverlap() {
    QueryFixtures.User third = fixtures.user("thr");
    String id = fixtures.group(owner, "Pages", "private", member, third);
    fixtures.awaitGet(
        "/api/conversations/" + id + "/members", owner, body -> body.path("items").size() == 3);

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          api.get(
                  "/api/conversations/"
                      + id
                      + "/members?limit=2"
                      + (cursor == null ? "" : "&cursor=" + cursor),
                  member.token())
              .body();
      page.path("items").forEach(item -> seen.add(item.path("userId").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);

    assertThat(seen).hasSize(3).doesNotHaveDuplicates().first().isEqualTo(owner.id());
    assertThat(seen).containsExactlyInAnyOrder(owner.id(), member.id(), third.id());
  }

  @Test
  void anOutsiderGetsTheSame404ForAPrivateGroupAsForAnUnknownId() {
    String id = fixtures.group(owner, "Secret name", "private", member);
    fixtures.awaitGet("/api/conversations/" + id, owner, body -> true);
    String unknown = UUID.randomUUID().toString();

    for (String conversation : List.of(id, unknown)) {
      ApiClient.Response details = api.get("/api/conversations/" + conversation, outsider.token());
      assertThat(details.status()).isEqualTo(404);
      assertThat(details.body().toString()).doesNotContain("Secret name");
      fixtures.assertProblem(
          "/api/conversations/" + conversation + "/members", outsider, 404, null);
      fixtures.assertProblem(
          "/api/conversations/" + conversation + "/messages", outsider, 404, null);
    }
    assertThat(api.get("/api/conversations/" + id, outsider.token()).body().path("detail"))
        .isEqualTo(
            api.get("/api/conversations/" + unknown, outsider.token()).body().path("detail"));
  }

  @Test
  void anOutsiderMayPreviewAPublicGroupWithoutARoleOrReadMarker() {
    String id = fixtures.group(owner, "Open house", "public", member);
    fixtures.send(owner, id, "welcome");

    JsonNode details =
        fixtures.awaitGet(
            "/api/conversations/" + id,
            outsider,
            body -> body.path("conversation").path("lastSeq").asLong() == 1);
    assertThat(details.path("myRole").isNull()).isTrue();
    assertThat(details.path("readSeq").isNull()).isTrue();
    assertThat(details.path("members").path("items").size()).isEqualTo(2);
    JsonNode history =
        fixtures.awaitGet(
            "/api/conversations/" + id + "/messages",
            outsider,
            body -> body.path("items").size() == 1);
    assertThat(history.path("items").get(0).path("body").asText()).isEqualTo("welcome");
  }

  @Test
  void badIdsLimitsAndCursorsAreRefusedWith400BeforeAnyLookup() {
    String id = UUID.randomUUID().toString();
    fixtures.assertProblem("/api/conversations/not-a-uuid", outsider, 400, "conversationId");
    fixtures.assertProblem(
        "/api/conversations/not-a-uuid/members", outsider, 400, "conversationId");
    for (String limit : List.of("0", "201", "-1", "ten")) {
      fixtures.assertProblem(
          "/api/conversations/" + id + "/members?limit=" + limit, outsider, 400, "limit");
    }
    for (String cursor : List.of("%25%25", "bm9wZQ", "!!!")) {
      fixtures.assertProblem(
          "/api/conversations/" + id + "/members?cursor=" + cursor, outsider, 400, "cursor");
    }
    fixtures.assertProblem("/api/conversations/" + id, null, 401, null);
  }
}
