package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** GET /api/groups: public groups by name or topic, never private ones. */
@StandaloneTest
class GroupSearchHttpTest {
  @LocalServerPort int port;

  @Test
  void searchListsMatchingPublicGroupsBestMatchFirstAndNeverPrivateOnes() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User owner = fixtures.user("own");
    QueryFixtures.User stranger = fixtures.user("str");
    String word = "qx" + UUID.randomUUID().toString().substring(0, 6);
    String lounge = fixtures.group(owner, word + " lounge", "public");
    String exact = fixtures.group(owner, word, "public");
    String secret = fixtures.group(owner, word + " secret", "private");

    JsonNode found =
        fixtures.awaitGet(
            "/api/groups?query=" + word.toUpperCase(),
            stranger,
            body -> body.path("items").size() == 2);

    assertThat(found.path("items").findValuesAsText("conversationId"))
        .containsExactly(exact, lounge)
        .doesNotContain(secret);
    JsonNode first = found.path("items").get(0);
    assertThat(first.path("name").asText()).isEqualTo(word);
    assertThat(first.path("kind").asText()).isEqualTo("group");
    assertThat(first.path("visibility").asText()).isEqualTo("public");
    assertThat(first.path("memberCount").asInt()).isEqualTo(1);
    assertThat(found.path("nextCursor").isNull()).isTrue();

    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          api.get(
                  "/api/groups?limit=1&query=" + word + (cursor == null ? "" : "&cursor=" + cursor),
                  stranger.token())
              .body();
      page.path("items").forEach(item -> paged.add(item.path("conversationId").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);
    assertThat(paged).containsExactly(exact, lounge);

    JsonNode secretSearch =
        api.get("/api/groups?query=" + word + "%20secret", stranger.token()).body();
    assertThat(secretSearch.path("items").findValuesAsText("conversationId"))
        .doesNotContain(secret);
  }

  @Test
  void badSearchInputIs400() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User user = fixtures.user("bad");
    fixtures.assertProblem("/api/groups?limit=0", user, 400, "limit");
    fixtures.assertProblem("/api/groups?limit=500", user, 400, "limit");
    fixtures.assertProblem("/api/groups?query=" + "a".repeat(101), user, 400, "query");
    fixtures.assertProblem("/api/groups?query=%00", user, 400, "query");
    fixtures.assertProblem("/api/groups?cursor=bm9wZQ", user, 400, "cursor");
    fixtures.assertProblem("/api/groups", null, 401, null);
  }
}
