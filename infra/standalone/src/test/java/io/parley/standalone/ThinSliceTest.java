package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The foundation's end-to-end slice against the running standalone app, with a real HTTP client and
 * a real WebSocket client: two users, a group, a message that lands in the CQL timeline, is served
 * by the history endpoint and is pushed to the other member's socket.
 */
@StandaloneTest
class ThinSliceTest {
  @LocalServerPort int port;
  @Autowired CqlSession cql;
  @Autowired JdbcTemplate jdbc;

  @Test
  void aMessageFlowsFromSenderToTimelineHistoryAndTheOtherMembersSocket() {
    ApiClient api = new ApiClient(port);
    String suffix = UUID.randomUUID().toString().substring(0, 8);

    ApiClient.Response alice = TestUsers.register(api, "alice" + suffix);
    ApiClient.Response bob = TestUsers.register(api, "bob" + suffix);
    assertThat(alice.status()).isEqualTo(201);
    String aliceToken = TestUsers.login(api, "alice" + suffix);
    String bobToken = TestUsers.login(api, "bob" + suffix);
    String bobId = bob.body().path("user").path("userId").asText();

    ApiClient.Response group =
        api.post(
            "/api/groups", aliceToken, Map.of("name", "Slice " + suffix, "visibility", "private"));
    assertThat(group.status()).isEqualTo(201);
    String groupId = group.body().path("conversation").path("conversationId").asText();
    assertThat(
            api.post("/api/groups/" + groupId + "/members", aliceToken, Map.of("userId", bobId))
                .status())
        .isEqualTo(204);

    try (GatewayClient bobSocket = new GatewayClient(port)) {
      bobSocket.send(Map.of("op", "identify", "token", bobToken));
      JsonNode ready = bobSocket.nextOp("ready", Duration.ofSeconds(10));
      assertThat(ready.path("sessionId").asText()).isNotBlank();
      assertThat(ready.path("heartbeatIntervalMs").asLong()).isPositive();

      String clientMessageId = UUID.randomUUID().toString();
      ApiClient.Response sent =
          api.post(
              "/api/conversations/" + groupId + "/messages",
              aliceToken,
              Map.of("clientMessageId", clientMessageId, "body", "Hello, Bob!"));
      assertThat(sent.status()).isEqualTo(201);
      JsonNode message = sent.body().path("message");
      assertThat(message.path("seq").asLong()).isEqualTo(1);
      assertThat(message.path("messageId").isTextual()).isTrue();

      JsonNode pushed = bobSocket.nextOp("event", Duration.ofSeconds(10));
      assertThat(pushed.path("type").asText()).isEqualTo("message.created");
      assertThat(pushed.path("conversationId").asText()).isEqualTo(groupId);
      assertThat(pushed.path("seq").asLong()).isEqualTo(1);
      assertThat(pushed.path("data").path("body").asText()).isEqualTo("Hello, Bob!");
      assertThat(pushed.path("data").path("messageId").asText())
          .isEqualTo(message.path("messageId").asText());
    }

    Row row =
        Awaiting.until(
            () ->
                cql.execute(
                        "SELECT body, sender_id FROM messages_by_conversation"
                            + " WHERE conversation_id = ? AND bucket = 0 AND seq = 1",
                        UUID.fromString(groupId))
                    .one(),
            Duration.ofSeconds(10));
    assertThat(row.getString("body")).isEqualTo("Hello, Bob!");

    JsonNode history =
        Awaiting.until(
            () -> {
              ApiClient.Response page =
                  api.get("/api/conversations/" + groupId + "/messages", bobToken);
              return page.status() == 200 && page.body().path("items").size() == 1
                  ? page.body()
                  : null;
            },
            Duration.ofSeconds(10));
    assertThat(history.path("items").get(0).path("body").asText()).isEqualTo("Hello, Bob!");
    assertThat(history.path("nextCursor").isNull()).isTrue();

    List<String> stored =
        jdbc.queryForList(
            "SELECT convert_from(payload, 'UTF8') FROM domainevententry", String.class);
    assertThat(stored)
        .as("no password or hash in the event log")
        .noneMatch(payload -> payload.contains(TestUsers.PASSWORD) || payload.contains("$2a$"));
  }
}
