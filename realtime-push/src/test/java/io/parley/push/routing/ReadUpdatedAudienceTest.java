package io.parley.push.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.message.ReadMarkerMovedEvent;
import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.push.gateway.WsClient;
import io.parley.support.auth.AccessTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code read.updated} reaches the reader's devices and the senders of the messages it covers, not
 * every member (docs/adr/0222).
 */
@PushTest
class ReadUpdatedAudienceTest {
  private static final Duration QUIET = Duration.ofMillis(700);

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;

  private static List<JsonNode> reads(WsClient client) {
    return client.eventsUntilQuiet("read.updated", QUIET);
  }

  @Test
  void aReadStepGoesToTheReaderAndTheSendersOfWhatItCovers() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    UUID dave = events.user("dave");
    UUID group = events.group(alice, bob, carol, dave);
    try (WsClient aliceSocket = WsClient.identified(port, events.token(alice));
        WsClient bobSocket = WsClient.identified(port, events.token(bob));
        WsClient carolSocket = WsClient.identified(port, events.token(carol));
        WsClient daveSocket = WsClient.identified(port, events.token(dave))) {
      List<WsClient> everyone = List.of(aliceSocket, bobSocket, carolSocket, daveSocket);
      events.message(group, alice, "one");
      events.message(group, bob, "two");
      // Carol's first step this process sees: it cannot know where she was, so everyone hears.
      events.publish(
          group, "Conversation", new ReadMarkerMovedEvent(group, carol, 2, Instant.now()));
      for (WsClient socket : everyone) {
        assertThat(socket.nextEvent("read.updated").path("data").path("seq").asLong()).isEqualTo(2);
      }

      events.message(group, alice, "three");
      events.publish(
          group, "Conversation", new ReadMarkerMovedEvent(group, carol, 3, Instant.now()));
      for (WsClient told : List.of(aliceSocket, carolSocket)) {
        JsonNode step = told.nextEvent("read.updated");
        assertThat(step.path("data").path("userId").asText()).isEqualTo(carol.toString());
        assertThat(step.path("data").path("seq").asLong()).isEqualTo(3);
      }
      assertThat(reads(bobSocket)).as("bob's message was covered by the step before").isEmpty();
      assertThat(reads(daveSocket)).isEmpty();
      assertThat(reads(aliceSocket)).isEmpty();
    }
  }
}
