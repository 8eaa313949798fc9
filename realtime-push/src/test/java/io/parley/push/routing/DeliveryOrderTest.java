package io.parley.push.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.push.gateway.WsClient;
import io.parley.support.auth.AccessTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Delivery runs on several lanes at once, yet every device sees each conversation's events in log
 * order, each exactly once, and membership changes take effect exactly at their place in the log.
 */
@PushTest
class DeliveryOrderTest {
  private static final Duration QUIET = Duration.ofMillis(700);
  private static final int CONVERSATIONS = 12;
  private static final int MESSAGES = 30;

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  PushEvents events;

  @BeforeEach
  void setUp() {
    events = new PushEvents(eventBus, tokens);
  }

  @Test
  void eachConversationArrivesInOrderAndExactlyOnceWhileManyAreSentAtOnce() throws Exception {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    List<UUID> groups = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      groups.add(events.group(alice, bob));
    }
    try (WsClient bobSocket = WsClient.identified(port, events.token(bob))) {
      inParallel(groups, group -> sendMessages(group, alice, 1, MESSAGES));

      Map<String, List<Long>> seqs = new HashMap<>();
      long lastEventId = 0;
      for (JsonNode event : bobSocket.eventsUntilQuiet(QUIET)) {
        assertThat(event.path("eventId").asLong()).isGreaterThan(lastEventId);
        lastEventId = event.path("eventId").asLong();
        if ("message.created".equals(event.path("type").asText())) {
          seqs.computeIfAbsent(event.path("conversationId").asText(), id -> new ArrayList<>())
              .add(event.path("seq").asLong());
        }
      }

      List<Long> oneToLast = LongStream.rangeClosed(1, MESSAGES).boxed().toList();
      assertThat(seqs).hasSize(CONVERSATIONS);
      for (UUID group : groups) {
        assertThat(seqs.get(group.toString())).as("seqs of %s", group).isEqualTo(oneToLast);
      }
    }
  }

  @Test
  void membershipChangesRacingMessagesTakeEffectExactlyAtTheirPlaceInTheLog() throws Exception {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    List<UUID> groups = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      groups.add(events.group(alice, bob));
    }
    int half = MESSAGES / 2;
    try (WsClient bobSocket = WsClient.identified(port, events.token(bob));
        WsClient carolSocket = WsClient.identified(port, events.token(carol))) {
      inParallel(
          groups,
          group -> {
            sendMessages(group, alice, 1, half);
            events.publish(
                group, "Conversation", new MemberRemovedEvent(group, alice, bob, Instant.now()));
            events.add(group, alice, carol, MemberRole.MEMBER);
            sendMessages(group, alice, half + 1, MESSAGES);
          });

      Map<String, List<String>> bobSaw = byConversation(bobSocket.eventsUntilQuiet(QUIET));
      Map<String, List<String>> carolSaw = byConversation(carolSocket.eventsUntilQuiet(QUIET));
      List<String> before = new ArrayList<>();
      LongStream.rangeClosed(1, half).forEach(seq -> before.add("message.created " + seq));
      List<String> after = new ArrayList<>();
      LongStream.rangeClosed(half + 1, MESSAGES)
          .forEach(seq -> after.add("message.created " + seq));
      for (UUID group : groups) {
        List<String> bobExpected = new ArrayList<>(before);
        bobExpected.add("member.left");
        // The groups were created before bob's socket identified, but their conversation.created
        // may still be on its way through the push processor then: it is not what this test is
        // about.
        List<String> bobGot = new ArrayList<>(bobSaw.get(group.toString()));
        if (!bobGot.isEmpty() && bobGot.get(0).equals("conversation.created")) {
          bobGot.remove(0);
        }
        assertThat(bobGot).as("bob in %s", group).isEqualTo(bobExpected);
        List<String> carolExpected = new ArrayList<>(List.of("conversation.created"));
        carolExpected.addAll(after);
        assertThat(carolSaw.get(group.toString()))
            .as("carol in %s", group)
            .isEqualTo(carolExpected);
      }
    }
  }

  private void sendMessages(UUID group, UUID sender, int from, int to) {
    for (int seq = from; seq <= to; seq++) {
      events.message(group, sender, "message " + seq);
    }
  }

  /** One thread per conversation: each conversation's own events stay in their order. */
  private static void inParallel(List<UUID> groups, java.util.function.Consumer<UUID> work)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(groups.size());
    try {
      CompletableFuture.allOf(
              groups.stream()
                  .map(group -> CompletableFuture.runAsync(() -> work.accept(group), pool))
                  .toArray(CompletableFuture[]::new))
          .get();
    } finally {
      pool.shutdown();
    }
  }

  /** Per conversation, the types (with the seq of messages) in the order received. */
  private static Map<String, List<String>> byConversation(List<JsonNode> received) {
    Map<String, List<String>> seen = new HashMap<>();
    for (JsonNode event : received) {
      String type = event.path("type").asText();
      String id = event.path("conversationId").asText();
      if (type.equals("member.joined")) {
        continue;
      }
      seen.computeIfAbsent(id, key -> new ArrayList<>())
          .add(type.equals("message.created") ? type + " " + event.path("seq").asLong() : type);
    }
    return seen;
  }
}
