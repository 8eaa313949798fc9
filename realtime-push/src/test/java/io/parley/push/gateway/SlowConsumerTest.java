package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.support.auth.AccessTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One socket stops reading while 5,000 large messages flow: the server's queued bytes stay within
 * the per-socket bound, the slow socket is closed with the resumable 1012, and the other members
 * receive every message in order.
 */
@PushTest
class SlowConsumerTest {
  private static final int MESSAGES = 5_000;

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  @Autowired GatewayHandler handler;
  @Autowired GatewaySettings settings;

  @Test
  void aSocketThatStopsReadingIsClosedResumablyWhileTheOthersReceiveEverything() throws Exception {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    UUID dave = events.user("dave");
    long slowBefore = handler.slowClosures();
    try (WsClient bobSocket = WsClient.identified(port, events.token(bob));
        WsClient carolSocket = WsClient.identified(port, events.token(carol));
        WsClient daveSocket = WsClient.connect(port)) {
      daveSocket.send(Map.of("op", "identify", "token", events.token(dave)));
      String daveSession = daveSocket.nextOp("ready").path("sessionId").asText();
      daveSocket.heartbeatEvery(settings.heartbeatInterval().toMillis());
      UUID group = events.group(alice, bob, carol, dave);
      for (WsClient socket : List.of(bobSocket, carolSocket, daveSocket)) {
        socket.nextEvent("conversation.created");
      }
      daveSocket.pauseReading();

      AtomicLong peakQueued = new AtomicLong();
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler =
          new Thread(
              () -> {
                while (sampling.get()) {
                  peakQueued.accumulateAndGet(handler.queuedChars(), Math::max);
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.start();
      String body = "x".repeat(4_000);
      List<WsClient> readers = List.of(bobSocket, carolSocket);
      Map<WsClient, List<Long>> received = new HashMap<>();
      readers.forEach(reader -> received.put(reader, new ArrayList<>()));
      for (int sent = 0; sent < MESSAGES; sent += 50) {
        events.messages(group, alice, body, 50);
        // The readers read while the messages flow, as live clients do; only Dave does not.
        for (WsClient fast : readers) {
          List<Long> seqs = received.get(fast);
          while (seqs.size() < sent + 50) {
            assertThat(fast.isClosed()).as("a reading socket is never closed as slow").isFalse();
            // Generous: on a starved machine 20 MB per socket can take a while to arrive.
            JsonNode event =
                fast.next(
                    frame -> "message.created".equals(frame.path("type").asText()),
                    Duration.ofSeconds(120));
            seqs.add(event.path("seq").asLong());
          }
        }
      }
      for (WsClient fast : readers) {
        List<Long> seqs = received.get(fast);
        assertThat(seqs).as("every message, once, in order").isSorted().doesNotHaveDuplicates();
        assertThat(seqs).hasSize(MESSAGES);
        assertThat(seqs.get(MESSAGES - 1)).isEqualTo(MESSAGES);
        assertThat(fast.isClosed()).isFalse();
      }
      Awaiting.until(() -> handler.slowClosures() > slowBefore, Duration.ofSeconds(30));
      sampling.set(false);
      sampler.join();

      daveSocket.resumeReading();
      assertThat(daveSocket.awaitClose(Duration.ofSeconds(30))).isEqualTo(1012);
      assertThat(peakQueued.get())
          .as("queued characters stay within the per-socket bound")
          .isLessThanOrEqualTo(3L * settings.sendBufferChars());

      long lastSeen = 0;
      for (JsonNode frame : daveSocket.eventsUntilQuiet(Duration.ofMillis(200))) {
        lastSeen = frame.path("eventId").asLong();
      }
      try (WsClient again = WsClient.connect(port)) {
        again.send(
            Map.of(
                "op",
                "identify",
                "token",
                events.token(dave),
                "resume",
                Map.of("sessionId", daveSession, "lastEventId", lastSeen)));
        // far behind: the buffer no longer holds everything, so the client resyncs by REST
        assertThat(again.next(Duration.ofSeconds(10)).path("op").asText())
            .isEqualTo("invalid_session");
      }
    }
  }
}
