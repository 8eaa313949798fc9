package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * GET /api/conversations: the caller's conversations, newest activity first, with unread counts.
 */
@StandaloneTest
class InboxHttpTest {
  @LocalServerPort int port;

  static JsonNode entry(JsonNode inbox, String conversationId) {
    for (JsonNode item : inbox.path("items")) {
      if (item.path("conversationId").asText().equals(conversationId)) {
        return item;
      }
    }
    return null;
  }

  @Test
  void theInboxShowsLastMessageSeqsAndUnreadCountsNewestFirst() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User ann = fixtures.user("ann");
    QueryFixtures.User ben = fixtures.user("ben");
    String quiet = fixtures.group(ann, "Quiet", "private", ben);
    String busy = fixtures.group(ann, "Busy", "public", ben);
    fixtures.send(ann, busy, "one");
    fixtures.send(ann, busy, "two");
    JsonNode last = fixtures.send(ann, busy, "three");
    fixtures.send(ben, quiet, "psst");

    JsonNode bens =
        fixtures.awaitGet(
            "/api/conversations",
            ben,
            body ->
                entry(body, busy) != null
                    && entry(body, busy).path("lastSeq").asLong() == 3
                    && entry(body, quiet) != null
                    && entry(body, quiet).path("lastSeq").asLong() == 1);
    assertThat(bens.path("items").get(0).path("conversationId").asText()).isEqualTo(quiet);
    assertThat(bens.path("items").get(1).path("conversationId").asText()).isEqualTo(busy);
    JsonNode busyForBen = entry(bens, busy);
    assertThat(busyForBen.path("unreadCount").asLong()).isEqualTo(3);
    assertThat(busyForBen.path("readSeq").asLong()).isZero();
    assertThat(busyForBen.path("kind").asText()).isEqualTo("group");
    assertThat(busyForBen.path("name").asText()).isEqualTo("Busy");
    assertThat(busyForBen.path("visibility").asText()).isEqualTo("public");
    assertThat(busyForBen.path("memberCount").asInt()).isEqualTo(2);
    assertThat(busyForBen.path("createdAt").asText()).endsWith("Z");
    assertThat(busyForBen.path("lastActivityAt").asText()).endsWith("Z");
    JsonNode lastMessage = busyForBen.path("lastMessage");
    assertThat(lastMessage.path("messageId").asText()).isEqualTo(last.path("messageId").asText());
    assertThat(lastMessage.path("body").asText()).isEqualTo("three");
    assertThat(lastMessage.path("seq").asLong()).isEqualTo(3);
    assertThat(lastMessage.path("senderId").asText()).isEqualTo(ann.id());
    assertThat(lastMessage.path("deleted").asBoolean()).isFalse();
    assertThat(lastMessage.path("reactions").isObject()).isTrue();
    assertThat(entry(bens, quiet).path("unreadCount").asLong()).isZero();

    JsonNode anns =
        fixtures.awaitGet(
            "/api/conversations",
            ann,
            body -> entry(body, quiet) != null && entry(body, quiet).path("lastSeq").asLong() == 1);
    assertThat(entry(anns, busy).path("unreadCount").asLong()).isZero();
    assertThat(entry(anns, busy).path("readSeq").asLong()).isEqualTo(3);
    assertThat(entry(anns, quiet).path("unreadCount").asLong()).isEqualTo(1);
  }

  @Test
  void aNewConversationWithoutMessagesHasNoLastMessageAndPagesFollowEachOther() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User cat = fixtures.user("cat");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(0, fixtures.group(cat, "Room " + i, "private"));
    }
    JsonNode all =
        fixtures.awaitGet("/api/conversations", cat, body -> body.path("items").size() == 5);
    assertThat(all.path("items").get(0).path("lastMessage").isNull()).isTrue();
    assertThat(all.path("items").get(0).path("lastSeq").asLong()).isZero();
    assertThat(all.path("nextCursor").isNull()).isTrue();

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          api.get(
                  "/api/conversations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                  cat.token())
              .body();
      assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
      page.path("items").forEach(item -> seen.add(item.path("conversationId").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);
    assertThat(seen).containsExactlyElementsOf(created);
  }

  @Test
  void badLimitsAndCursorsAre400AndNoTokenIs401() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User dan = fixtures.user("dan");
    for (String limit : List.of("0", "201", "x", "1.5")) {
      fixtures.assertProblem("/api/conversations?limit=" + limit, dan, 400, "limit");
    }
    for (String cursor : List.of("garbage!", "bm9wZQ", "MTIzCm5vdC1hLXV1aWQ")) {
      fixtures.assertProblem("/api/conversations?cursor=" + cursor, dan, 400, "cursor");
    }
    fixtures.assertProblem("/api/conversations", null, 401, null);
  }
}
