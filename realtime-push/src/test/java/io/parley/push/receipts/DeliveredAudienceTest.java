package io.parley.push.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.push.gateway.WsClient;
import io.parley.support.auth.AccessTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code delivered.updated} reaches the members whose messages it shows delivered first, not every
 * member (docs/adr/0222): in a group where every device acks every message, telling everyone was n²
 * frames per message.
 */
@PushTest
class DeliveredAudienceTest {
  private static final Duration QUIET = Duration.ofMillis(700);

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  @Autowired JdbcTemplate jdbc;
  PushEvents events;

  @BeforeEach
  void setUp() {
    events = new PushEvents(eventBus, tokens);
  }

  private static List<JsonNode> delivered(WsClient client) {
    return client.eventsUntilQuiet("delivered.updated", QUIET);
  }

  private static void ack(WsClient client, UUID conversation, long seq) {
    client.send(Map.of("op", "ack", "conversationId", conversation.toString(), "seq", seq));
  }

  private static void assertNextStep(WsClient client, UUID userId, long seq) {
    JsonNode step = client.nextEvent("delivered.updated");
    assertThat(step.path("data").path("userId").asText()).isEqualTo(userId.toString());
    assertThat(step.path("data").path("seq").asLong()).isEqualTo(seq);
  }

  private static void received(long seq, WsClient... clients) {
    for (WsClient client : clients) {
      client.next(frame -> frame.path("seq").asLong() == seq, Duration.ofSeconds(10));
    }
  }

  @Test
  void aStepGoesToTheAuthorsWhoseMessagesItShowsDeliveredFirst() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    UUID dave = events.user("dave");
    UUID group = events.group(alice, bob, carol, dave);
    try (WsClient aliceSocket = WsClient.identified(port, events.token(alice));
        WsClient bobSocket = WsClient.identified(port, events.token(bob));
        WsClient carolSocket = WsClient.identified(port, events.token(carol));
        WsClient daveSocket = WsClient.identified(port, events.token(dave))) {
      events.message(group, alice, "one");
      received(1, aliceSocket, bobSocket, carolSocket, daveSocket);

      ack(bobSocket, group, 1);
      assertNextStep(aliceSocket, bob, 1);
      ack(carolSocket, group, 1);
      assertThat(delivered(aliceSocket)).as("alice already sees 1 delivered").isEmpty();
      assertThat(delivered(carolSocket)).isEmpty();
      assertThat(delivered(daveSocket)).isEmpty();

      events.message(group, bob, "two");
      received(2, aliceSocket, bobSocket, carolSocket, daveSocket);
      ack(daveSocket, group, 2);
      assertNextStep(bobSocket, dave, 2);
      assertThat(delivered(aliceSocket)).isEmpty();
      assertThat(delivered(carolSocket)).isEmpty();
      assertThat(delivered(bobSocket)).isEmpty();

      // The markers themselves are all kept, for the conversation's details after a reload.
      assertThat(
              jdbc.queryForList(
                  "SELECT user_id FROM push_delivery_marker WHERE conversation_id = ?",
                  UUID.class,
                  group))
          .containsExactlyInAnyOrder(bob, carol, dave);

      // Announced without where it started (a process of an earlier version): everyone else.
      jdbc.queryForList(
          "SELECT pg_notify(?, ?)",
          Object.class,
          DeliveryRelay.CHANNEL,
          group + " " + carol + " 2");
      for (WsClient other : List.of(aliceSocket, bobSocket, daveSocket)) {
        assertNextStep(other, carol, 2);
      }
      assertThat(delivered(carolSocket)).isEmpty();
    }
  }
}
