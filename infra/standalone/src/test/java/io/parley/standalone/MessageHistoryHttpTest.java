package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** GET /api/conversations/{id}/messages: pages by seq, ascending, and its errors. */
@StandaloneTest
class MessageHistoryHttpTest {
  @LocalServerPort int port;

  @Test
  void historyPagesBackAndForthInAscendingSeqOrder() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User amy = fixtures.user("amy");
    QueryFixtures.User bo = fixtures.user("bo");
    String id = fixtures.group(amy, "History", "private", bo);
    String tricky = "quotes ' \" -- ; DROP TABLE x; 👍🏽 \u200f עברית \n\ttab";
    for (int i = 1; i <= 11; i++) {
      fixtures.send(i % 2 == 0 ? bo : amy, id, i == 11 ? tricky : "message " + i);
    }
    JsonNode newest =
        fixtures.awaitGet(
            "/api/conversations/" + id + "/messages?limit=4",
            bo,
            body ->
                body.path("items").size() == 4
                    && body.path("items").get(3).path("seq").asLong() == 11);

    assertThat(newest.path("items").findValues("seq").stream().map(JsonNode::asLong))
        .containsExactly(8L, 9L, 10L, 11L);
    JsonNode last = newest.path("items").get(3);
    assertThat(last.path("body").asText()).isEqualTo(tricky);
    assertThat(last.path("messageId").isTextual()).isTrue();
    assertThat(last.path("conversationId").asText()).isEqualTo(id);
    assertThat(last.path("senderId").asText()).isEqualTo(amy.id());
    assertThat(last.path("replyToMessageId").isNull()).isTrue();
    assertThat(last.path("createdAt").asText()).endsWith("Z");
    assertThat(last.path("editedAt").isNull()).isTrue();
    assertThat(last.path("deleted").asBoolean()).isFalse();
    assertThat(last.path("reactions").isObject()).isTrue();
    assertThat(newest.path("nextCursor").asText()).isEqualTo("8");

    List<Long> back = new ArrayList<>();
    String before = null;
    do {
      JsonNode page =
          api.get(
                  "/api/conversations/"
                      + id
                      + "/messages?limit=3"
                      + (before == null ? "" : "&before=" + before),
                  amy.token())
              .body();
      List<Long> seqs =
          page.path("items").findValues("seq").stream().map(JsonNode::asLong).toList();
      back.addAll(0, seqs);
      before = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (before != null);
    assertThat(back).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);

    JsonNode forward =
        api.get("/api/conversations/" + id + "/messages?after=9", amy.token()).body();
    assertThat(forward.path("items").findValues("seq").stream().map(JsonNode::asLong))
        .containsExactly(10L, 11L);
    assertThat(forward.path("nextCursor").isNull()).isTrue();
    JsonNode firstPage =
        api.get("/api/conversations/" + id + "/messages?after=0&limit=5", amy.token()).body();
    assertThat(firstPage.path("nextCursor").asText()).isEqualTo("5");
  }

  @Test
  void badParametersAre400AndHiddenConversationsAre404() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User amy = fixtures.user("amy");
    QueryFixtures.User eve = fixtures.user("eve");
    String id = fixtures.group(amy, "Hidden", "private");
    fixtures.send(amy, id, "secret");
    fixtures.awaitGet(
        "/api/conversations/" + id + "/messages", amy, body -> body.path("items").size() == 1);
    String path = "/api/conversations/" + id + "/messages";

    fixtures.assertProblem("/api/conversations/nope/messages", amy, 400, "conversationId");
    fixtures.assertProblem(path + "?limit=0", amy, 400, "limit");
    fixtures.assertProblem(path + "?limit=201", amy, 400, "limit");
    fixtures.assertProblem(path + "?before=0", amy, 400, "before");
    fixtures.assertProblem(path + "?before=x", amy, 400, "before");
    fixtures.assertProblem(path + "?after=-1", amy, 400, "after");
    fixtures.assertProblem(path + "?after=99999999999999999999", amy, 400, "after");
    fixtures.assertProblem(path + "?before=5&after=1", amy, 400, "before");
    fixtures.assertProblem(path, eve, 404, null);
    fixtures.assertProblem("/api/conversations/" + UUID.randomUUID() + "/messages", amy, 404, null);
    fixtures.assertProblem(path, null, 401, null);
  }
}
