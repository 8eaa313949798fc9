package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** POST /api/conversations/direct against the running app. */
@StandaloneTest
class DirectConversationApiTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  Calls api;
  EventLog log;
  Calls.Actor ann;
  Calls.Actor ben;

  @BeforeEach
  void users() {
    api = new Calls(port);
    log = new EventLog(jdbc);
    ann = api.newUser("ann");
    ben = api.newUser("ben");
  }

  private ApiClient.Response open(Calls.Actor as, Object userId) {
    return api.post(as, "/api/conversations/direct", Map.of("userId", userId));
  }

  @Test
  void openingADirectConversationAnswersWithItAndBothSidesGetTheSameOne() {
    JsonNode first = expect(open(ann, ben.id()), 200).path("conversation");
    assertThat(first.path("kind").asText()).isEqualTo("direct");
    assertThat(first.path("visibility").asText()).isEqualTo("private");
    assertThat(first.path("memberCount").asInt()).isEqualTo(2);
    assertThat(first.path("lastSeq").asLong()).isZero();
    assertThat(first.path("createdAt").asText()).isNotBlank();

    JsonNode again = expect(open(ben, ann.id()), 200).path("conversation");
    assertThat(again).isEqualTo(first);
    UUID id = UUID.fromString(first.path("conversationId").asText());
    assertThat(log.count(id, DirectConversationOpenedEvent.class)).isEqualTo(1);
    assertThat(log.count(id, MemberAddedEvent.class)).isEqualTo(2);
  }

  @Test
  void concurrentOpensFromBothUsersAllFindOneConversation() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ApiClient.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        boolean fromAnn = i % 2 == 0;
        calls.add(pool.submit(() -> fromAnn ? open(ann, ben.id()) : open(ben, ann.id())));
      }
      Set<String> ids =
          calls.stream()
              .map(
                  call -> {
                    try {
                      return expect(call.get(), 200).path("conversation").path("conversationId");
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .map(JsonNode::asText)
              .collect(Collectors.toSet());
      assertThat(ids).hasSize(1);
      UUID id = UUID.fromString(ids.iterator().next());
      assertThat(log.count(id, DirectConversationOpenedEvent.class)).isEqualTo(1);
      assertThat(log.count(id, MemberAddedEvent.class)).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void bothMembersCanSendInIt() {
    String id =
        expect(open(ann, ben.id()), 200).path("conversation").path("conversationId").asText();
    JsonNode sent =
        expect(
            api.post(
                ben,
                "/api/conversations/" + id + "/messages",
                Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "hi ann")),
            201);
    assertThat(sent.path("message").path("seq").asLong()).isEqualTo(1);
  }

  @Test
  void aMalformedUserIdIsRefusedWithTheField() {
    JsonNode problem = expect(open(ann, "not-a-uuid"), 400);
    assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("userId");
    expect(api.post(ann, "/api/conversations/direct", Map.of()), 400);
  }

  @Test
  void nobodyOpensADirectConversationWithThemselves() {
    expect(open(ann, ann.id()), 400);
  }

  @Test
  void anUnknownUserIsNotFound() {
    expect(open(ann, UUID.randomUUID()), 404);
  }

  @Test
  void withoutATokenItIsUnauthorized() {
    expect(open(null, ben.id()), 401);
  }
}
