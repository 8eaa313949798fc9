package io.parley.push.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.account.UserPresenceChangedEvent;
import io.parley.events.message.DeliveryMarkerMovedEvent;
import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.push.gateway.WsClient;
import io.parley.push.routing.PushConversations;
import io.parley.support.auth.AccessTokens;
import io.parley.support.notify.ChannelListener;
import io.parley.support.notify.PresenceNotice;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Presence (online, offline, last seen, leases), typing indicators and delivery receipts. */
@PushTest
class PresenceTypingReceiptsTest {
  private static final Duration QUIET = Duration.ofMillis(700);

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  @Autowired JdbcTemplate jdbc;
  @Autowired PushConversations conversations;
  @Autowired DataSource dataSource;
  PushEvents events;

  @BeforeEach
  void setUp() {
    events = new PushEvents(eventBus, tokens);
  }

  private static JsonNode presenceOf(WsClient client, UUID userId, String status) {
    return client.next(
        frame ->
            "presence.updated".equals(frame.path("type").asText())
                && userId.toString().equals(frame.path("data").path("userId").asText())
                && status.equals(frame.path("data").path("status").asText()),
        Duration.ofSeconds(10));
  }

  private static List<JsonNode> typingIn(WsClient client, Duration quiet) {
    return client.eventsUntilQuiet("typing.started", quiet);
  }

  @Test
  void aSubscriberSeesTheCurrentStateThenOnlineWhileAnyDeviceIsConnectedThenOfflineAtOnce() {
    UUID alice = events.user("alice");
    UUID watcher = events.user("watcher");
    try (WsClient watching = WsClient.identified(port, events.token(watcher))) {
      watching.send(Map.of("op", "presence_subscribe", "userIds", List.of(alice.toString())));
      JsonNode initial = presenceOf(watching, alice, "offline");
      assertThat(initial.path("data").path("lastSeenAt").isNull()).isTrue();

      WsClient phone = WsClient.identified(port, events.token(alice));
      presenceOf(watching, alice, "online");
      WsClient laptop = WsClient.identified(port, events.token(alice));
      phone.close();
      assertThat(phone.awaitClose(Duration.ofSeconds(5))).isEqualTo(1000);
      assertThat(watching.eventsUntilQuiet(QUIET)).as("still online on the laptop").isEmpty();

      Instant beforeClose = Instant.now().minusSeconds(1);
      laptop.close();
      JsonNode offline = presenceOf(watching, alice, "offline");
      assertThat(Instant.parse(offline.path("data").path("lastSeenAt").asText()))
          .isAfter(beforeClose);
    }
    Integer published =
        jdbc.queryForObject(
            "SELECT count(*) FROM domainevententry WHERE payloadtype LIKE"
                + " '%UserPresenceChangedEvent' AND convert_from(payload, 'UTF8') LIKE ?",
            Integer.class, "%" + alice + "%");
    assertThat(published).as("presence flips stay out of the event log").isZero();
  }

  @Test
  void aLostConnectionGoesOfflineWithItsHeartbeatTimeout() {
    UUID alice = events.user("alice");
    UUID watcher = events.user("watcher");
    try (WsClient watching = WsClient.identified(port, events.token(watcher));
        WsClient silent = WsClient.connect(port)) {
      silent.send(Map.of("op", "identify", "token", events.token(alice)));
      silent.nextOp("ready");
      watching.send(Map.of("op", "presence_subscribe", "userIds", List.of(alice.toString())));
      presenceOf(watching, alice, "online");
      assertThat(silent.awaitClose(Duration.ofSeconds(10))).isEqualTo(4002);
      presenceOf(watching, alice, "offline");
    }
  }

  @Test
  void theUsersOfACrashedProcessGoOfflineWhenItsLeaseRunsOut() {
    UUID alice = events.user("alice");
    UUID watcher = events.user("watcher");
    UUID crashed = UUID.randomUUID();
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update(
        "INSERT INTO push_process (process_id, lease_until) VALUES (?, ?)",
        crashed,
        Timestamp.from(Instant.now().plusSeconds(1)));
    jdbc.update(
        "INSERT INTO push_presence_socket (user_id, process_id) VALUES (?, ?)", alice, crashed);
    jdbc.update(
        "INSERT INTO push_user_presence (user_id, online, last_seen_at) VALUES (?, true, ?)",
        alice,
        now);
    try (WsClient watching = WsClient.identified(port, events.token(watcher))) {
      watching.send(Map.of("op", "presence_subscribe", "userIds", List.of(alice.toString())));
      presenceOf(watching, alice, "online");
      // The crashed process never renews; within two heartbeat intervals (4 s) alice is offline.
      JsonNode offline =
          watching.next(
              frame -> "offline".equals(frame.path("data").path("status").asText()),
              Duration.ofSeconds(4));
      assertThat(offline.path("data").path("userId").asText()).isEqualTo(alice.toString());
    }
  }

  @Test
  void aNewSubscriptionReplacesThePreviousOne() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID watcher = events.user("watcher");
    try (WsClient watching = WsClient.identified(port, events.token(watcher))) {
      watching.send(Map.of("op", "presence_subscribe", "userIds", List.of(alice.toString())));
      presenceOf(watching, alice, "offline");
      watching.send(Map.of("op", "presence_subscribe", "userIds", List.of(bob.toString())));
      presenceOf(watching, bob, "offline");
      try (WsClient aliceSocket = WsClient.identified(port, events.token(alice));
          WsClient bobSocket = WsClient.identified(port, events.token(bob))) {
        JsonNode next = watching.nextEvent("presence.updated");
        assertThat(next.path("data").path("userId").asText()).isEqualTo(bob.toString());
        assertThat(watching.eventsUntilQuiet(QUIET)).isEmpty();
      }
    }
  }

  @Test
  void subscribingToMoreThan200UsersIsClosedWith4004() {
    UUID watcher = events.user("watcher");
    try (WsClient watching = WsClient.identified(port, events.token(watcher))) {
      List<String> ids =
          IntStream.range(0, 201).mapToObj(i -> UUID.randomUUID().toString()).toList();
      watching.send(Map.of("op", "presence_subscribe", "userIds", ids));
      assertThat(watching.awaitClose(Duration.ofSeconds(5))).isEqualTo(4004);
    }
  }

  @Test
  void typingReachesTheOtherMembersOnlyAndANonMemberCannotType() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID eve = events.user("eve");
    try (WsClient aliceTyping = WsClient.identified(port, events.token(alice));
        WsClient aliceOther = WsClient.identified(port, events.token(alice));
        WsClient bobSocket = WsClient.identified(port, events.token(bob));
        WsClient eveSocket = WsClient.identified(port, events.token(eve))) {
      UUID group = events.group(alice, bob);
      bobSocket.nextEvent("conversation.created"); // memberships are in place
      eveSocket.send(Map.of("op", "typing", "conversationId", group.toString()));
      aliceTyping.send(Map.of("op", "typing", "conversationId", group.toString()));

      JsonNode typing = bobSocket.nextEvent("typing.started");
      assertThat(typing.path("conversationId").asText()).isEqualTo(group.toString());
      assertThat(typing.path("data").path("userId").asText()).isEqualTo(alice.toString());
      assertThat(typingIn(bobSocket, QUIET)).as("nothing from eve").isEmpty();
      assertThat(typingIn(aliceOther, Duration.ofMillis(100))).isEmpty();
      assertThat(typingIn(eveSocket, Duration.ofMillis(100))).isEmpty();
    }
    Integer stored =
        jdbc.queryForObject(
            "SELECT count(*) FROM domainevententry WHERE convert_from(payload, 'UTF8') LIKE ?",
            Integer.class,
            "%typing%");
    assertThat(stored).as("typing never enters the event log").isZero();
  }

  @Test
  void anAckMovesTheDeliveryMarkerForwardOnlyAndTellsTheOtherMembers() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID eve = events.user("eve");
    UUID group = events.group(alice, bob);
    try (WsClient aliceSocket = WsClient.identified(port, events.token(alice));
        WsClient bobSocket = WsClient.identified(port, events.token(bob));
        WsClient eveSocket = WsClient.identified(port, events.token(eve))) {
      events.messages(group, alice, "hi", 3);
      bobSocket.next(frame -> frame.path("seq").asLong() == 3, Duration.ofSeconds(10));
      aliceSocket.next(frame -> frame.path("seq").asLong() == 3, Duration.ofSeconds(10));

      bobSocket.send(Map.of("op", "ack", "conversationId", group.toString(), "seq", 2));
      JsonNode delivered = aliceSocket.nextEvent("delivered.updated");
      assertThat(delivered.path("conversationId").asText()).isEqualTo(group.toString());
      assertThat(delivered.path("data").path("userId").asText()).isEqualTo(bob.toString());
      assertThat(delivered.path("data").path("seq").asLong()).isEqualTo(2);

      bobSocket.send(Map.of("op", "ack", "conversationId", group.toString(), "seq", 1));
      bobSocket.send(Map.of("op", "ack", "conversationId", group.toString(), "seq", 99));
      eveSocket.send(Map.of("op", "ack", "conversationId", group.toString(), "seq", 3));
      bobSocket.send(Map.of("op", "ack", "conversationId", group.toString(), "seq", 3));
      JsonNode next = aliceSocket.nextEvent("delivered.updated");
      assertThat(next.path("data").path("seq").asLong()).isEqualTo(3);
      assertThat(next.path("data").path("userId").asText()).isEqualTo(bob.toString());
      assertThat(aliceSocket.eventsUntilQuiet(QUIET)).isEmpty();
      assertThat(bobSocket.eventsUntilQuiet(Duration.ofMillis(100))).isEmpty();
    }
    Integer published =
        jdbc.queryForObject(
            "SELECT count(*) FROM domainevententry WHERE payloadtype LIKE"
                + " '%DeliveryMarkerMovedEvent' AND convert_from(payload, 'UTF8') LIKE ?",
            Integer.class, "%" + group + "%");
    assertThat(published).as("delivery markers stay out of the event log").isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT seq FROM push_delivery_marker WHERE conversation_id = ? AND user_id = ?",
                Long.class,
                group,
                bob))
        .isEqualTo(3);
  }

  @Test
  void aConversationHasReachedASeqItSawLiveOrStored() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    try (WsClient bobSocket = WsClient.identified(port, events.token(bob))) {
      events.messages(group, alice, "hi", 3);
      bobSocket.next(frame -> frame.path("seq").asLong() == 3, Duration.ofSeconds(10));
    }
    assertThat(conversations.reached(group, 3)).as("seen live").isTrue();
    assertThat(conversations.reached(group, 4)).isFalse();

    // a conversation this process has seen no message of: only its stored row answers
    UUID stored = UUID.randomUUID();
    assertThat(conversations.reached(stored, 1)).as("unknown").isFalse();
    jdbc.update(
        "INSERT INTO push_conversation (conversation_id, kind, visibility, created_at, last_seq,"
            + " version) VALUES (?, 'GROUP', 'PRIVATE', now(), 5, 0)",
        stored);
    assertThat(conversations.reached(stored, 5)).as("stored").isTrue();
    assertThat(conversations.reached(stored, 6)).isFalse();
  }

  @Test
  void anOldLogsPresenceAndDeliveryEventsAreStillPushed() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    events.messages(group, alice, "hi", 2);
    try (WsClient bobSocket = WsClient.identified(port, events.token(bob))) {
      bobSocket.send(Map.of("op", "presence_subscribe", "userIds", List.of(alice.toString())));
      presenceOf(bobSocket, alice, "offline");
      Instant seen = Instant.parse("2025-01-01T10:00:00Z");
      eventBus.publish(
          GenericEventMessage.asEventMessage(new UserPresenceChangedEvent(alice, true, seen)));
      presenceOf(bobSocket, alice, "online");
      eventBus.publish(
          GenericEventMessage.asEventMessage(
              new DeliveryMarkerMovedEvent(group, alice, 2, Instant.now())));
      JsonNode delivered = bobSocket.nextEvent("delivered.updated");
      assertThat(delivered.path("data").path("seq").asLong()).isEqualTo(2);
    }
  }

  @Test
  void aResyncRequestRepeatsCurrentPresenceWithoutPushingAFlip() throws Exception {
    UUID alice = events.user("alice");
    UUID watcher = events.user("watcher");
    BlockingQueue<PresenceNotice> notices = new LinkedBlockingQueue<>();
    CountDownLatch listening = new CountDownLatch(1);
    ChannelListener listener =
        new ChannelListener(
            dataSource,
            "test-presence-listener",
            Map.of(PresenceNotice.CHANNEL, payload -> notices.add(PresenceNotice.parse(payload))),
            listening::countDown);
    listener.start();
    try (WsClient watching = WsClient.identified(port, events.token(watcher));
        WsClient aliceSocket = WsClient.identified(port, events.token(alice))) {
      assertThat(listening.await(10, TimeUnit.SECONDS)).isTrue();
      watching.send(Map.of("op", "presence_subscribe", "userIds", List.of(alice.toString())));
      presenceOf(watching, alice, "online");
      // Alice's own flip may reach the watcher after the subscription's snapshot: let it arrive.
      watching.eventsUntilQuiet(QUIET);
      jdbc.queryForList(
          "SELECT pg_notify(?, ?)",
          Object.class,
          PresenceNotice.SYNC_CHANNEL,
          Instant.now().minusSeconds(60).toString());
      PresenceNotice repeated = null;
      while (repeated == null) {
        PresenceNotice notice = notices.poll(10, TimeUnit.SECONDS);
        assertThat(notice).as("alice's presence is repeated").isNotNull();
        if (notice.userId().equals(alice) && notice.resync()) {
          repeated = notice;
        }
      }
      assertThat(repeated.online()).isTrue();
      assertThat(watching.eventsUntilQuiet(QUIET)).as("a repeat is not a flip").isEmpty();
    } finally {
      listener.stop();
    }
  }
}
