package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.push.PushEvents;
import io.parley.push.PushTest;
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

/** Reconnecting with {@code resume}: exactly the missed events, or {@code invalid_session}. */
@PushTest
class ResumeTest {
  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  @Autowired Sessions sessions;
  PushEvents events;

  @BeforeEach
  void setUp() {
    events = new PushEvents(eventBus, tokens);
  }

  @Test
  void resumingWithinTheBufferReplaysExactlyTheMissedEventsInOrderThenResumed() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    String sessionId;
    long lastEventId;
    try (WsClient first = WsClient.connect(port)) {
      first.send(Map.of("op", "identify", "token", events.token(bob)));
      sessionId = first.nextOp("ready").path("sessionId").asText();
      events.messages(group, alice, "seen", 3);
      lastEventId = 0;
      for (int i = 0; i < 3; i++) {
        lastEventId = first.nextEvent("message.created").path("eventId").asLong();
      }
    }
    // The socket is gone; the session keeps numbering and buffering.
    events.messages(group, alice, "missed", 5);
    awaitBuffered(sessionId, lastEventId + 5);

    try (WsClient second = WsClient.connect(port)) {
      second.send(
          Map.of(
              "op",
              "identify",
              "token",
              events.token(bob),
              "resume",
              Map.of("sessionId", sessionId, "lastEventId", lastEventId)));
      List<Long> seqs = new java.util.ArrayList<>();
      List<Long> ids = new java.util.ArrayList<>();
      while (true) {
        JsonNode frame = second.next(Duration.ofSeconds(10));
        if ("resumed".equals(frame.path("op").asText())) {
          break;
        }
        seqs.add(frame.path("seq").asLong());
        ids.add(frame.path("eventId").asLong());
      }
      assertThat(seqs).containsExactly(4L, 5L, 6L, 7L, 8L);
      assertThat(ids)
          .containsExactly(
              lastEventId + 1, lastEventId + 2, lastEventId + 3, lastEventId + 4, lastEventId + 5);

      events.message(group, alice, "live again");
      JsonNode live = second.nextEvent("message.created");
      assertThat(live.path("seq").asLong()).isEqualTo(9);
      assertThat(live.path("eventId").asLong()).isEqualTo(lastEventId + 6);
    }
  }

  @Test
  void resumingBeyondTheBufferAnswersInvalidSessionAndAFreshIdentifyStillWorks() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    String sessionId;
    try (WsClient first = WsClient.connect(port)) {
      first.send(Map.of("op", "identify", "token", events.token(bob)));
      sessionId = first.nextOp("ready").path("sessionId").asText();
    }
    events.messages(group, alice, "flood", 1_100); // the buffer keeps 1,000
    awaitBuffered(sessionId, 1_100);

    try (WsClient second = WsClient.connect(port)) {
      second.send(
          Map.of(
              "op",
              "identify",
              "token",
              events.token(bob),
              "resume",
              Map.of("sessionId", sessionId, "lastEventId", 0)));
      assertThat(second.nextOp("invalid_session")).isNotNull();
      second.send(Map.of("op", "identify", "token", events.token(bob)));
      assertThat(second.nextOp("ready").path("sessionId").asText()).isNotEqualTo(sessionId);
    }
  }

  @Test
  void anUnknownSessionOrSomeoneElsesSessionIsInvalid() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    String aliceSession;
    try (WsClient aliceSocket = WsClient.connect(port)) {
      aliceSocket.send(Map.of("op", "identify", "token", events.token(alice)));
      aliceSession = aliceSocket.nextOp("ready").path("sessionId").asText();
    }
    for (String sessionId : List.of(aliceSession, UUID.randomUUID().toString())) {
      try (WsClient bobSocket = WsClient.connect(port)) {
        bobSocket.send(
            Map.of(
                "op",
                "identify",
                "token",
                events.token(bob),
                "resume",
                Map.of("sessionId", sessionId, "lastEventId", 0)));
        assertThat(bobSocket.nextOp("invalid_session")).isNotNull();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitBuffered(String sessionId, long eventId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (sessions.find(sessionId).lastEventId() < eventId) {
      assertThat(System.nanoTime() - deadline).as("events buffered in time").isNegative();
      pause();
    }
  }
}
