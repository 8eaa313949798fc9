package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.events.conversation.NotificationLevel;
import io.parley.events.conversation.NotificationLevelChangedEvent;
import io.parley.events.message.MessageSentEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Web Push end to end (docs/adr/0156): browsers' subscriptions registered over the API, messages
 * sent, and what a push service on the loopback receives — decrypted with each device's own private
 * key and auth secret, its VAPID JWT verified — decides who was notified. The push sender runs on
 * one thread in tests (standalone.properties), so it sends in the order it queued: the pushes of a
 * later message arriving prove the earlier message's were all attempted.
 */
@StandaloneTest
class WebPushEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired EventStore eventStore;
  @Autowired JdbcTemplate jdbc;

  private PushServiceStub stub;
  private Calls calls;

  @BeforeEach
  void start() throws Exception {
    stub = new PushServiceStub();
    calls = new Calls(port);
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void notifiesOfflineMembersByLevelAndMentionAndNobodyElse() throws Exception {
    Calls.Actor alice = calls.newUser("wpalice");
    Calls.Actor bob = calls.newUser("wpbob"); // offline, level all
    Calls.Actor carol = calls.newUser("wpcarol"); // online, level all
    Calls.Actor dave = calls.newUser("wpdave"); // muted
    Calls.Actor erin = calls.newUser("wperin"); // mentions only, mentioned by name
    Calls.Actor frank = calls.newUser("wpfrank"); // mentions only, not named
    Calls.Actor gina = calls.newUser("wpgina"); // left the group
    Map<Calls.Actor, PushServiceStub.Device> devices = new java.util.LinkedHashMap<>();
    for (Calls.Actor user : List.of(alice, bob, carol, dave, erin, frank, gina)) {
      PushServiceStub.Device device = stub.device(user.username());
      Calls.expect(calls.post(user, "/api/push/subscriptions", device.subscription()), 204);
      devices.put(user, device);
    }
    String groupName = "Push group " + UUID.randomUUID().toString().substring(0, 6);
    UUID groupId =
        UUID.fromString(
            Calls.expect(
                    calls.post(
                        alice, "/api/groups", Map.of("name", groupName, "visibility", "private")),
                    201)
                .path("conversation")
                .path("conversationId")
                .asText());
    for (Calls.Actor member : List.of(bob, carol, dave, erin, frank, gina)) {
      Calls.expect(
          calls.post(alice, "/api/groups/" + groupId + "/members", Map.of("userId", member.id())),
          204);
    }
    Calls.expect(calls.post(gina, "/api/groups/" + groupId + "/leave", Map.of()), 204);

    long firstId = ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
    try (GatewayClient carolSocket = new GatewayClient(port)) {
      carolSocket.send(Map.of("op", "identify", "token", carol.token()));
      carolSocket.nextOp("ready", WAIT);
      Awaiting.until(
          () ->
              Boolean.TRUE.equals(
                      jdbc.queryForObject(
                          "SELECT EXISTS (SELECT 1 FROM push_user_presence"
                              + " WHERE user_id = ? AND online)",
                          Boolean.class,
                          carol.id()))
                  ? true
                  : null,
          WAIT);

      // The levels and the mentions as the level command and mention resolution record them
      // (appended as the conversation's next events; nothing is sent to it by command after this).
      append(
          groupId,
          new NotificationLevelChangedEvent(
              groupId, dave.id(), NotificationLevel.MUTED, Instant.now()));
      append(
          groupId,
          new NotificationLevelChangedEvent(
              groupId, erin.id(), NotificationLevel.MENTIONS, Instant.now()));
      append(
          groupId,
          new NotificationLevelChangedEvent(
              groupId, frank.id(), NotificationLevel.MENTIONS, Instant.now()));
      append(
          groupId,
          message(
              groupId,
              1,
              firstId,
              alice.id(),
              "hello @" + erin.username(),
              List.of(erin.id()),
              false));
      // A message the notifier sees long after it was sent (a processor behind the head) is
      // never notified, even to everyone.
      MessageSentEvent late =
          message(
              groupId,
              2,
              ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE),
              alice.id(),
              "@everyone old news",
              List.of(),
              true);
      append(
          groupId,
          new MessageSentEvent(
              late.conversationId(),
              late.seq(),
              late.messageId(),
              late.senderId(),
              late.clientMessageId(),
              late.body(),
              null,
              Instant.now().minus(Duration.ofMinutes(10)),
              List.of(),
              List.of(),
              true));
      long thirdId = ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
      append(
          groupId, message(groupId, 3, thirdId, alice.id(), "@everyone lunch?", List.of(), true));

      // The third message reaches bob, erin and frank (everyone is mentioned) ...
      Awaiting.until(
          () ->
              List.of(bob, erin, frank).stream()
                      .allMatch(user -> seqsOf(devices.get(user)).contains(3L))
                  ? true
                  : null,
          WAIT);
      // ... so every push of the first two is in too.
      assertThat(seqsOf(devices.get(bob))).containsExactly(1L, 3L);
      assertThat(seqsOf(devices.get(erin))).containsExactly(1L, 3L);
      assertThat(seqsOf(devices.get(frank))).as("mentions only: the @everyone").containsExactly(3L);
      assertThat(stub.receivedBy(devices.get(alice))).as("the sender").isEmpty();
      assertThat(stub.receivedBy(devices.get(carol))).as("online").isEmpty();
      assertThat(stub.receivedBy(devices.get(dave))).as("muted").isEmpty();
      assertThat(stub.receivedBy(devices.get(gina))).as("left the group").isEmpty();
    }

    String vapidKey =
        Calls.expect(calls.get(bob, "/api/push/vapid-key"), 200).path("publicKey").asText();
    assertThat(PushServiceStub.publicKey(java.util.Base64.getUrlDecoder().decode(vapidKey)))
        .isNotNull();
    long now = Instant.now().getEpochSecond();
    for (PushServiceStub.Push push : stub.all()) {
      stub.verifyVapid(push.header("Authorization"), vapidKey, now);
      assertThat(push.header("Content-Encoding")).isEqualTo("aes128gcm");
      assertThat(Long.parseLong(push.header("TTL"))).isPositive();
      assertThat(push.header("Urgency")).isIn("normal", "high");
    }
    PushServiceStub.Push toBob = stub.receivedBy(devices.get(bob)).get(0);
    JsonNode payload = JSON.readTree(devices.get(bob).decrypt(toBob.body()));
    assertThat(payload.path("conversationId").asText()).isEqualTo(groupId.toString());
    assertThat(payload.path("seq").asLong()).isEqualTo(1);
    assertThat(payload.path("messageId").asText()).isEqualTo(Long.toString(firstId));
    assertThat(payload.path("title").asText()).isEqualTo(groupName);
    assertThat(payload.path("body").asText()).endsWith(": hello @" + erin.username());
    assertThat(toBob.header("Urgency")).isEqualTo("normal");
    PushServiceStub.Push toErin = stub.receivedBy(devices.get(erin)).get(0);
    assertThat(toErin.header("Urgency")).as("a mention is urgent").isEqualTo("high");
    assertThat(JSON.readTree(devices.get(erin).decrypt(toErin.body())).path("seq").asLong())
        .isEqualTo(1);
  }

  /**
   * Messages of several conversations committed together reach the notifier in one batch, whose
   * subscriptions it reads in one query (docs/adr/0219): each member is still notified of exactly
   * the messages of the conversations they are in, in order, and the sender of none.
   */
  @Test
  void aBatchOfMessagesInSeveralConversationsNotifiesEachMemberOfTheirOwn() throws Exception {
    Calls.Actor alice = calls.newUser("wpbatcha"); // sends every message
    Calls.Actor bob = calls.newUser("wpbatchb"); // in both groups
    Calls.Actor carol = calls.newUser("wpbatchc"); // in the second group only
    Map<Calls.Actor, PushServiceStub.Device> devices = new java.util.LinkedHashMap<>();
    for (Calls.Actor user : List.of(alice, bob, carol)) {
      PushServiceStub.Device device = stub.device(user.username());
      Calls.expect(calls.post(user, "/api/push/subscriptions", device.subscription()), 204);
      devices.put(user, device);
    }
    UUID first = group(alice, List.of(bob));
    UUID second = group(alice, List.of(bob, carol));
    // the notifier's own copy of both memberships first: it starts at the head of the log
    Awaiting.until(
        () ->
            jdbc.queryForObject(
                        "SELECT count(*) FROM push_notification_setting WHERE member"
                            + " AND conversation_id IN (?, ?) AND user_id IN (?, ?)",
                        Integer.class,
                        first,
                        second,
                        bob.id(),
                        carol.id())
                    == 3
                ? true
                : null,
        WAIT);

    List<org.axonframework.eventhandling.EventMessage<?>> batch = new java.util.ArrayList<>();
    long next1 = nextSequence(first);
    long next2 = nextSequence(second);
    for (int seq = 1; seq <= 3; seq++) {
      for (UUID group : List.of(first, second)) {
        long id = ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
        batch.add(
            new GenericDomainEventMessage<>(
                aggregateType(group),
                group.toString(),
                group.equals(first) ? next1++ : next2++,
                message(group, seq, id, alice.id(), "batch " + seq, List.of(), false)));
      }
    }
    eventStore.publish(batch); // one transaction: the notifier reads all six at once

    Awaiting.until(
        () ->
            pushes(devices.get(bob)).size() == 6 && pushes(devices.get(carol)).size() == 3
                ? true
                : null,
        WAIT);
    assertThat(pushes(devices.get(bob)))
        .containsExactly(
            first + "/1", second + "/1", first + "/2", second + "/2", first + "/3", second + "/3");
    assertThat(pushes(devices.get(carol)))
        .containsExactly(second + "/1", second + "/2", second + "/3");
    assertThat(stub.receivedBy(devices.get(alice))).as("the sender").isEmpty();
  }

  private UUID group(Calls.Actor owner, List<Calls.Actor> members) {
    UUID groupId =
        UUID.fromString(
            Calls.expect(
                    calls.post(
                        owner,
                        "/api/groups",
                        Map.of(
                            "name",
                            "Batch " + UUID.randomUUID().toString().substring(0, 6),
                            "visibility",
                            "private")),
                    201)
                .path("conversation")
                .path("conversationId")
                .asText());
    for (Calls.Actor member : members) {
      Calls.expect(
          calls.post(owner, "/api/groups/" + groupId + "/members", Map.of("userId", member.id())),
          204);
    }
    return groupId;
  }

  /** "conversationId/seq" of each push the device received, in arrival order. */
  private List<String> pushes(PushServiceStub.Device device) {
    return stub.receivedBy(device).stream()
        .map(
            push -> {
              try {
                JsonNode payload = JSON.readTree(device.decrypt(push.body()));
                return payload.path("conversationId").asText() + "/" + payload.path("seq").asLong();
              } catch (Exception e) {
                throw new AssertionError("a push the device cannot decrypt", e);
              }
            })
        .toList();
  }

  private String aggregateType(UUID conversationId) {
    return jdbc.queryForObject(
        "SELECT max(type) FROM domainevententry WHERE aggregateidentifier = ?",
        String.class,
        conversationId.toString());
  }

  private long nextSequence(UUID conversationId) {
    return jdbc.queryForObject(
            "SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?",
            Long.class,
            conversationId.toString())
        + 1;
  }

  @Test
  void aSubscriptionThePushServiceCallsGoneIsDeletedAndA503IsRetried() throws Exception {
    Calls.Actor sender = calls.newUser("wpsend");
    Calls.Actor gone = calls.newUser("wpgone");
    Calls.Actor flaky = calls.newUser("wpflaky");
    PushServiceStub.Device goneDevice = stub.device(gone.username());
    PushServiceStub.Device flakyDevice = stub.device(flaky.username());
    stub.answer(goneDevice, 410);
    stub.answer(flakyDevice, 503, 201);
    Calls.expect(calls.post(gone, "/api/push/subscriptions", goneDevice.subscription()), 204);
    Calls.expect(calls.post(flaky, "/api/push/subscriptions", flakyDevice.subscription()), 204);
    assertThat(subscriptions(goneDevice)).isEqualTo(1);

    for (Calls.Actor to : List.of(gone, flaky)) {
      UUID direct =
          UUID.fromString(
              Calls.expect(
                      calls.post(sender, "/api/conversations/direct", Map.of("userId", to.id())),
                      200)
                  .path("conversation")
                  .path("conversationId")
                  .asText());
      sendAdmitted(sender, direct, "are you there?");
    }

    Awaiting.until(() -> subscriptions(goneDevice) == 0 ? true : null, WAIT);
    assertThat(stub.receivedBy(goneDevice)).hasSize(1);
    Awaiting.until(() -> stub.receivedBy(flakyDevice).size() == 2 ? true : null, WAIT);
    JsonNode payload =
        JSON.readTree(flakyDevice.decrypt(stub.receivedBy(flakyDevice).get(1).body()));
    assertThat(payload.path("title").asText())
        .as("a direct message: the sender")
        .isEqualTo(sender.username());
    assertThat(payload.path("body").asText()).isEqualTo("are you there?");
    assertThat(subscriptions(flakyDevice)).isEqualTo(1);
  }

  @Test
  void loggingOutDropsThatDevicesSubscription() throws Exception {
    Calls.Actor user = calls.newUser("wplogout");
    ApiClient api = new ApiClient(port);
    JsonNode login =
        Calls.expect(
            api.post(
                "/api/auth/login",
                null,
                Map.of("login", user.username(), "password", TestUsers.PASSWORD)),
            200);
    PushServiceStub.Device phone = stub.device(user.username() + "-phone");
    PushServiceStub.Device laptop = stub.device(user.username() + "-laptop");
    Calls.expect(
        api.post(
            "/api/push/subscriptions", login.path("accessToken").asText(), phone.subscription()),
        204);
    Calls.expect(calls.post(user, "/api/push/subscriptions", laptop.subscription()), 204);
    assertThat(subscriptions(phone)).isEqualTo(1);

    Calls.expect(
        api.post(
            "/api/auth/logout", null, Map.of("refreshToken", login.path("refreshToken").asText())),
        204);

    Awaiting.until(() -> subscriptions(phone) == 0 ? true : null, WAIT);
    assertThat(subscriptions(laptop)).as("the other device's session goes on").isEqualTo(1);
  }

  /**
   * Sends, repeating the same send (same client id: idempotent) while admission control refuses it
   * with 503: on a loaded build machine the app's processors can lag right after start-up.
   */
  private void sendAdmitted(Calls.Actor sender, UUID conversationId, String body) {
    Map<String, Object> send =
        Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body);
    Awaiting.until(
        () -> {
          ApiClient.Response response =
              calls.post(sender, "/api/conversations/" + conversationId + "/messages", send);
          if (response.status() == 503) {
            return null;
          }
          Calls.expect(response, 201);
          return true;
        },
        WAIT);
  }

  private int subscriptions(PushServiceStub.Device device) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM push_subscription WHERE endpoint = ?",
        Integer.class,
        device.endpoint());
  }

  private List<Long> seqsOf(PushServiceStub.Device device) {
    return stub.receivedBy(device).stream()
        .map(
            push -> {
              try {
                return JSON.readTree(device.decrypt(push.body())).path("seq").asLong();
              } catch (Exception e) {
                throw new AssertionError("a push the device cannot decrypt", e);
              }
            })
        .toList();
  }

  private static MessageSentEvent message(
      UUID conversationId,
      long seq,
      long messageId,
      UUID sender,
      String body,
      List<UUID> mentions,
      boolean everyone) {
    return new MessageSentEvent(
        conversationId,
        seq,
        messageId,
        sender,
        UUID.randomUUID(),
        body,
        null,
        Instant.now(),
        List.of(),
        mentions,
        everyone);
  }

  /** Appends {@code payload} as the conversation aggregate's next event. */
  private void append(UUID conversationId, Object payload) {
    Map<String, Object> last =
        jdbc.queryForMap(
            "SELECT max(sequencenumber) AS seq, max(type) AS type FROM domainevententry"
                + " WHERE aggregateidentifier = ?",
            conversationId.toString());
    long next = ((Number) last.get("seq")).longValue() + 1;
    eventStore.publish(
        new GenericDomainEventMessage<>(
            (String) last.get("type"), conversationId.toString(), next, payload));
  }
}
