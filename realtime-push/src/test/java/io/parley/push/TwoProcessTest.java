package io.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.push.gateway.WsClient;
import io.parley.support.auth.AccessTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two push service instances sharing one Postgres (the second is a separate application context
 * with its own event store instance, so it sees events only by polling the shared log, exactly as a
 * separate process would). Users are spread over both; one user has a device on each.
 */
@PushTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoProcessTest {
  private static final int MESSAGES = 300;

  @LocalServerPort int portA;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  ConfigurableApplicationContext processB;
  int portB;

  @BeforeAll
  void startSecondProcess() {
    processB = PushProcess.start();
    portB = PushProcess.port(processB);
  }

  @AfterAll
  void stopSecondProcess() {
    processB.close();
  }

  @Test
  void everySocketOnEitherProcessGetsEveryMessageOnceAndInOrder() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    try (WsClient aliceOnA = WsClient.identified(portA, events.token(alice));
        WsClient bobOnB = WsClient.identified(portB, events.token(bob));
        WsClient carolOnA = WsClient.identified(portA, events.token(carol));
        WsClient carolOnB = WsClient.identified(portB, events.token(carol))) {
      UUID group = events.group(alice, bob, carol);
      List<WsClient> all = List.of(aliceOnA, bobOnB, carolOnA, carolOnB);
      for (WsClient socket : List.of(bobOnB, carolOnA, carolOnB)) {
        socket.nextEvent("conversation.created");
      }

      for (int i = 0; i < MESSAGES; i++) {
        events.message(group, i % 2 == 0 ? alice : bob, "message " + i);
      }

      Map<String, long[]> latencies = new java.util.LinkedHashMap<>();
      String[] names = {"aliceOnA", "bobOnB", "carolOnA", "carolOnB"};
      for (int s = 0; s < all.size(); s++) {
        List<Long> seqs = new ArrayList<>();
        long[] micros = new long[MESSAGES];
        while (seqs.size() < MESSAGES) {
          JsonNode event = all.get(s).nextEvent("message.created");
          micros[seqs.size()] = latencyMicros(event);
          seqs.add(event.path("seq").asLong());
        }
        assertThat(seqs).as(names[s]).isSorted().doesNotHaveDuplicates().hasSize(MESSAGES);
        assertThat(seqs.get(0)).isEqualTo(1);
        assertThat(seqs.get(MESSAGES - 1)).isEqualTo(MESSAGES);
        latencies.put(names[s], micros);
      }
      for (WsClient socket : all) {
        assertThat(socket.eventsUntilQuiet(Duration.ofMillis(500)))
            .as("no duplicates arrive late")
            .noneMatch(frame -> "message.created".equals(frame.path("type").asText()));
      }
      latencies.forEach((name, micros) -> System.out.println(report(name, micros)));
    }
  }

  @Test
  void typingPresenceAndDeliveryReceiptsCrossProcesses() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    try (WsClient bobOnB = WsClient.identified(portB, events.token(bob))) {
      UUID group = events.group(alice, bob);
      bobOnB.nextEvent("conversation.created");
      bobOnB.send(Map.of("op", "presence_subscribe", "userIds", List.of(alice.toString())));
      bobOnB.next(
          frame -> "offline".equals(frame.path("data").path("status").asText()),
          Duration.ofSeconds(10));

      WsClient aliceOnA = WsClient.identified(portA, events.token(alice));
      bobOnB.next(
          frame -> "online".equals(frame.path("data").path("status").asText()),
          Duration.ofSeconds(10));
      aliceOnA.send(Map.of("op", "typing", "conversationId", group.toString()));
      JsonNode typing = bobOnB.nextEvent("typing.started");
      assertThat(typing.path("data").path("userId").asText()).isEqualTo(alice.toString());

      events.message(group, alice, "hi");
      bobOnB.next(frame -> frame.path("seq").asLong() == 1, Duration.ofSeconds(10));
      aliceOnA.next(frame -> frame.path("seq").asLong() == 1, Duration.ofSeconds(10));
      bobOnB.send(Map.of("op", "ack", "conversationId", group.toString(), "seq", 1));
      JsonNode delivered = aliceOnA.nextEvent("delivered.updated");
      assertThat(delivered.path("data").path("userId").asText()).isEqualTo(bob.toString());

      aliceOnA.close();
      bobOnB.next(
          frame -> "offline".equals(frame.path("data").path("status").asText()),
          Duration.ofSeconds(10));
    }
  }

  /**
   * Measures publish-to-socket latency with messages paced 25 ms apart (so no backlog builds): in
   * the publishing process (notified in-JVM) and in the other one (polling the shared log every
   * {@code parley.events.fetch-delay}). Prints the figures; asserts only completeness.
   */
  @Test
  void measuresDeliveryLatencyInTheSameAndInAnotherProcess() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    try (WsClient bobOnA = WsClient.identified(portA, events.token(bob));
        WsClient bobOnB = WsClient.identified(portB, events.token(bob))) {
      UUID group = events.group(alice, bob);
      bobOnA.nextEvent("conversation.created");
      bobOnB.nextEvent("conversation.created");
      int count = 200;
      for (int i = 0; i < count; i++) {
        events.message(group, alice, "paced " + i);
        java.util.concurrent.locks.LockSupport.parkNanos(25_000_000); // pacing, not waiting
      }
      for (WsClient socket : List.of(bobOnA, bobOnB)) {
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
          micros[i] = latencyMicros(socket.nextEvent("message.created"));
        }
        System.out.println(
            report(socket == bobOnA ? "paced, same process" : "paced, other process", micros));
      }
    }
  }

  private static long latencyMicros(JsonNode event) {
    Instant sent = Instant.parse(event.path("data").path("createdAt").asText());
    Instant received = Instant.parse(event.path(WsClient.RECEIVED_AT).asText());
    return Duration.between(sent, received).toNanos() / 1_000;
  }

  private static String report(String socket, long[] micros) {
    long[] sorted = micros.clone();
    Arrays.sort(sorted);
    return String.format(
        "LATENCY %s (publish -> socket, %d messages): p50 %.1f ms, p95 %.1f ms, max %.1f ms",
        socket,
        sorted.length,
        sorted[sorted.length / 2] / 1000.0,
        sorted[(int) (sorted.length * 0.95)] / 1000.0,
        sorted[sorted.length - 1] / 1000.0);
  }
}
