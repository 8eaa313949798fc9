package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * GET /api/search/messages against the running app: who finds what, deletions and edits, hostile
 * queries and paging; and GET /api/conversations/{id}/messages?around= (jump to a message).
 */
@StandaloneTest
class MessageSearchHttpTest {
  @LocalServerPort int port;

  static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static String word() {
    return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  static String search(String query) {
    return "/api/search/messages?query=" + q(query);
  }

  static List<Long> seqs(JsonNode page) {
    return page.path("items").findValues("seq").stream().map(JsonNode::asLong).toList();
  }

  @Test
  void membersFindMessagesOfTheirConversationsOnly() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User amy = fixtures.user("amy");
    QueryFixtures.User bo = fixtures.user("bo");
    QueryFixtures.User cy = fixtures.user("cy");
    QueryFixtures.User eve = fixtures.user("eve");
    String secret = fixtures.group(amy, "Secret plans", "private", bo, cy);
    String open = fixtures.group(amy, "Open " + UUID.randomUUID(), "public", bo);
    String word = word();
    fixtures.send(amy, secret, "The " + word + " is ready");
    fixtures.send(amy, open, "Public " + word);

    JsonNode found = fixtures.awaitGet(search(word), bo, body -> body.path("items").size() == 2);
    JsonNode hit = found.path("items").get(1);
    assertThat(hit.path("conversationId").asText()).isEqualTo(secret);
    assertThat(hit.path("conversationName").asText()).isEqualTo("Secret plans");
    assertThat(hit.path("conversationKind").asText()).isEqualTo("group");
    assertThat(hit.path("seq").asLong()).isEqualTo(1);
    assertThat(hit.path("messageId").isTextual()).isTrue();
    assertThat(hit.path("senderId").asText()).isEqualTo(amy.id());
    assertThat(hit.path("senderName").asText()).isNotBlank();
    assertThat(hit.path("createdAt").asText()).endsWith("Z");
    assertThat(hit.path("body").asText()).isEqualTo("The " + word + " is ready");
    assertThat(hit.path("highlights").get(0).path("start").asInt()).isEqualTo(4);
    assertThat(hit.path("highlights").get(0).path("end").asInt()).isEqualTo(4 + word.length());
    assertThat(found.path("nextCursor").isNull()).isTrue();
    // Newest first: the public group's message was sent second.
    assertThat(found.path("items").get(0).path("conversationId").asText()).isEqualTo(open);

    // Within one conversation.
    assertThat(
            api.get(search(word) + "&conversationId=" + secret, bo.token())
                .body()
                .path("items")
                .size())
        .isEqualTo(1);

    // Not a member: the private group is never searched, nor the public group not joined.
    assertThat(api.get(search(word), eve.token()).body().path("items").size()).isZero();
    fixtures.assertProblem(search(word) + "&conversationId=" + secret, eve, 404, null);
    fixtures.assertProblem(search(word) + "&conversationId=" + open, eve, 404, null);
    fixtures.assertProblem(search(word) + "&conversationId=" + UUID.randomUUID(), eve, 404, null);

    // A member who left finds nothing there any more; one who was removed and banned neither.
    fixtures.awaitGet(search(word), cy, body -> body.path("items").size() == 1);
    assertThat(api.post("/api/groups/" + secret + "/leave", cy.token(), Map.of()).status())
        .isEqualTo(204);
    fixtures.awaitGet(search(word), cy, body -> body.path("items").size() == 0);
    fixtures.assertProblem(search(word) + "&conversationId=" + secret, cy, 404, null);
    assertThat(
            api.call(
                    "DELETE",
                    "/api/groups/" + secret + "/members/" + bo.id() + "?ban=true",
                    amy.token(),
                    null)
                .status())
        .isEqualTo(204);
    JsonNode afterBan = fixtures.awaitGet(search(word), bo, body -> body.path("items").size() == 1);
    assertThat(afterBan.path("items").get(0).path("conversationId").asText()).isEqualTo(open);
    fixtures.assertProblem(search(word), null, 401, null);
  }

  @Test
  void deletedMessagesAreNeverFoundAndEditsAreReindexed() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User amy = fixtures.user("amy");
    QueryFixtures.User bo = fixtures.user("bo");
    String id = fixtures.group(amy, "Edits", "private", bo);
    String word = word();
    String replaced = word();
    JsonNode gone = fixtures.send(amy, id, "to be deleted " + word);
    JsonNode edited = fixtures.send(amy, id, "to be edited " + word);
    fixtures.awaitGet(search(word), bo, body -> body.path("items").size() == 2);

    String messages = "/api/conversations/" + id + "/messages/";
    assertThat(
            api.call("DELETE", messages + gone.path("messageId").asText(), amy.token(), null)
                .status())
        .isEqualTo(204);
    assertThat(
            api.call(
                    "PATCH",
                    messages + edited.path("messageId").asText(),
                    amy.token(),
                    Map.of("body", "now about " + replaced))
                .status())
        .isEqualTo(200);

    JsonNode found =
        fixtures.awaitGet(search(replaced), bo, body -> body.path("items").size() == 1);
    assertThat(found.path("items").get(0).path("body").asText()).isEqualTo("now about " + replaced);
    assertThat(found.path("items").get(0).path("seq").asLong()).isEqualTo(2);
    assertThat(api.get(search(word), bo.token()).body().path("items").size()).isZero();
    assertThat(
            api.get(search("deleted"), bo.token())
                .body()
                .path("items")
                .findValues("conversationId"))
        .noneMatch(c -> c.asText().equals(id));
  }

  @Test
  void hostileQueriesAre400OrALiteralSearchNeverA500() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User amy = fixtures.user("amy");
    String id = fixtures.group(amy, "Hostile", "private");
    String word = word();
    fixtures.send(amy, id, "it's " + word + " (really) a|b! \\ 'quoted'");
    fixtures.awaitGet(search(word), amy, body -> body.path("items").size() == 1);

    for (String literal :
        List.of(
            word + " & !really",
            "!" + word,
            "\"" + word + "\"",
            "(" + word + ")",
            word + ":*",
            word + " \\",
            "'" + word + "'",
            word + "' & '",
            "<-> " + word,
            word + " 👍🏽 עברית")) {
      ApiClient.Response response = api.get(search(literal), amy.token());
      assertThat(response.status()).as(literal).isEqualTo(200);
    }
    assertThat(seqs(api.get(search("(" + word + ")"), amy.token()).body())).containsExactly(1L);
    assertThat(seqs(api.get(search(word + " | nothing"), amy.token()).body())).isEmpty();

    String path = "/api/search/messages";
    fixtures.assertProblem(path, amy, 400, "query");
    fixtures.assertProblem(path + "?query=", amy, 400, "query");
    fixtures.assertProblem(path + "?query=%20%20", amy, 400, "query");
    fixtures.assertProblem(search("&|!():*"), amy, 400, "query");
    fixtures.assertProblem(search("x".repeat(201)), amy, 400, "query");
    fixtures.assertProblem(search("x ".repeat(500)), amy, 400, "query");
    // 10,000 characters: refused before it reaches the endpoint (the request line is too long).
    fixtures.assertProblem(search("x ".repeat(5000)), amy, 400, null);
    fixtures.assertProblem(path + "?query=a%00b", amy, 400, "query");
    // A lone surrogate's bytes are not UTF-8: the server reads them as U+FFFD, a literal search.
    ApiClient.Response surrogate = api.get(path + "?query=a%ED%A0%80b", amy.token());
    assertThat(surrogate.status()).isIn(200, 400);
    fixtures.assertProblem(search(word) + "&cursor=nope", amy, 400, "cursor");
    fixtures.assertProblem(search(word) + "&cursor=" + q("AAAA"), amy, 400, "cursor");
    fixtures.assertProblem(search(word) + "&limit=0", amy, 400, "limit");
    fixtures.assertProblem(search(word) + "&limit=201", amy, 400, "limit");
    fixtures.assertProblem(search(word) + "&conversationId=x", amy, 400, "conversationId");
  }

  @Test
  void resultsPageNewestFirstWithOpaqueCursors() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User amy = fixtures.user("amy");
    String one = fixtures.group(amy, "One", "private");
    String two = fixtures.group(amy, "Two", "private");
    String word = word();
    for (int i = 1; i <= 5; i++) {
      fixtures.send(amy, i % 2 == 0 ? two : one, word + " number " + i);
    }
    fixtures.awaitGet(search(word), amy, body -> body.path("items").size() == 5);

    List<String> bodies = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          api.get(
                  search(word) + "&limit=2" + (cursor == null ? "" : "&cursor=" + q(cursor)),
                  amy.token())
              .body();
      pages++;
      page.path("items").forEach(item -> bodies.add(item.path("body").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(bodies)
        .containsExactly(
            word + " number 5",
            word + " number 4",
            word + " number 3",
            word + " number 2",
            word + " number 1");
  }

  @Test
  void aroundReadsAPageCentredOnASeq() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User amy = fixtures.user("amy");
    QueryFixtures.User eve = fixtures.user("eve");
    String id = fixtures.group(amy, "Around", "private");
    for (int i = 1; i <= 11; i++) {
      fixtures.send(amy, id, "message " + i);
    }
    String path = "/api/conversations/" + id + "/messages";
    fixtures.awaitGet(
        path + "?limit=1", amy, body -> body.path("items").path(0).path("seq").asLong() == 11);

    JsonNode middle = api.get(path + "?around=6&limit=5", amy.token()).body();
    assertThat(seqs(middle)).containsExactly(4L, 5L, 6L, 7L, 8L);
    assertThat(middle.path("nextCursor").asText()).isEqualTo("4");
    assertThat(middle.path("newerCursor").asText()).isEqualTo("8");
    assertThat(middle.path("items").get(2).path("body").asText()).isEqualTo("message 6");
    // The cursors continue both ways without a gap.
    assertThat(seqs(api.get(path + "?before=4&limit=3", amy.token()).body()))
        .containsExactly(1L, 2L, 3L);
    assertThat(seqs(api.get(path + "?after=8&limit=3", amy.token()).body()))
        .containsExactly(9L, 10L, 11L);

    JsonNode start = api.get(path + "?around=1&limit=5", amy.token()).body();
    assertThat(seqs(start)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(start.path("nextCursor").isNull()).isTrue();
    assertThat(start.path("newerCursor").asText()).isEqualTo("5");

    JsonNode end = api.get(path + "?around=11&limit=5", amy.token()).body();
    // Nothing follows seq 11: the page is filled with older messages instead.
    assertThat(seqs(end)).containsExactly(7L, 8L, 9L, 10L, 11L);
    assertThat(end.path("nextCursor").asText()).isEqualTo("7");
    assertThat(end.path("newerCursor").isMissingNode() || end.path("newerCursor").isNull())
        .isTrue();

    JsonNode past = api.get(path + "?around=500&limit=2", amy.token()).body();
    assertThat(seqs(past)).containsExactly(10L, 11L);
    JsonNode one = api.get(path + "?around=6&limit=1", amy.token()).body();
    assertThat(seqs(one)).containsExactly(6L);
    assertThat(one.path("nextCursor").asText()).isEqualTo("6");
    assertThat(one.path("newerCursor").asText()).isEqualTo("6");

    fixtures.assertProblem(path + "?around=6", eve, 404, null);
    fixtures.assertProblem(path + "?around=0", amy, 400, "around");
    fixtures.assertProblem(path + "?around=x", amy, 400, "around");
    fixtures.assertProblem(path + "?around=6&before=3", amy, 400, "around");
    fixtures.assertProblem(path + "?around=6&after=3", amy, 400, "around");
  }
}
