package io.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.e2ee.DeviceKeyEndedEvent;
import io.parley.events.e2ee.DeviceKeyPublishedEvent;
import io.parley.events.e2ee.DeviceKeyStatus;
import io.parley.events.e2ee.KeyBackupStoredEvent;
import io.parley.push.gateway.WsClient;
import io.parley.support.auth.AccessTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code keys.changed} (docs/adr/0182): to the user and to whoever shares an encrypted conversation
 * with them, never to contacts of plain conversations only; live, and replayed from the log when a
 * client resumes on another push process.
 */
@PushTest
class KeysChangedPushTest {
  private static final String KEY =
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjME\n-----END PGP PUBLIC KEY BLOCK-----";

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;

  private static UUID encryptedGroup(PushEvents events, UUID creator, UUID... members) {
    UUID id = UUID.randomUUID();
    events.publish(
        id,
        "Conversation",
        new GroupCreatedEvent(id, creator, "Secret", "", Visibility.PRIVATE, Instant.now(), true));
    events.add(id, creator, creator, MemberRole.OWNER);
    for (UUID member : members) {
      events.add(id, creator, member, MemberRole.MEMBER);
    }
    return id;
  }

  private static UUID published(PushEvents events, UUID user, char fingerprint) {
    UUID session = UUID.randomUUID();
    events.publish(
        user,
        "Account",
        new DeviceKeyPublishedEvent(
            user, session, "phone", String.valueOf(fingerprint).repeat(40), KEY, Instant.now()));
    return session;
  }

  private static WsClient identified(int port, String token) {
    WsClient client = WsClient.connect(port);
    client.send(Map.of("op", "identify", "token", token));
    client.nextOp("ready");
    return client;
  }

  private static String aboutWhom(JsonNode event) {
    return event.path("data").path("userId").asText();
  }

  @Test
  void toTheUserAndEncryptedContactsButNotToPlainContacts() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    encryptedGroup(events, alice, bob);
    events.direct(bob, carol);
    try (WsClient alices = identified(port, events.token(alice));
        WsClient bobs = identified(port, events.token(bob));
        WsClient carols = identified(port, events.token(carol))) {
      UUID session = published(events, bob, 'b');
      assertThat(aboutWhom(alices.nextEvent("keys.changed"))).isEqualTo(bob.toString());
      assertThat(aboutWhom(bobs.nextEvent("keys.changed"))).isEqualTo(bob.toString());

      events.publish(
          bob,
          "Account",
          new DeviceKeyEndedEvent(
              bob, session, "b".repeat(40), DeviceKeyStatus.REVOKED, Instant.now()));
      events.publish(
          bob,
          "Account",
          new KeyBackupStoredEvent(bob, "c".repeat(40), KEY, "encrypted", Instant.now()));
      assertThat(aboutWhom(alices.nextEvent("keys.changed"))).isEqualTo(bob.toString());
      assertThat(aboutWhom(alices.nextEvent("keys.changed"))).isEqualTo(bob.toString());

      assertThat(carols.eventsUntilQuiet(Duration.ofMillis(500)))
          .as("a plain conversation's member hears nothing of Bob's keys")
          .extracting(e -> e.path("type").asText())
          .doesNotContain("keys.changed");
    }
  }

  @Test
  void aClientResumingOnAnotherProcessGetsTheKeysChangedItMissed() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    encryptedGroup(events, alice, bob);
    ConfigurableApplicationContext other = PushProcess.start();
    String session;
    long last;
    try (WsClient alicesOnOther = WsClient.connect(PushProcess.port(other))) {
      alicesOnOther.send(Map.of("op", "identify", "token", events.token(alice)));
      session = alicesOnOther.nextOp("ready").path("sessionId").asText();
      published(events, bob, '1');
      last = alicesOnOther.nextEvent("keys.changed").path("eventId").asLong();
      other.close();
      assertThat(alicesOnOther.awaitClose(Duration.ofSeconds(20))).isEqualTo(1012);
    } finally {
      other.close();
    }

    published(events, bob, '2');

    try (WsClient alices = WsClient.connect(port)) {
      alices.send(
          Map.of(
              "op",
              "identify",
              "token",
              events.token(alice),
              "resume",
              Map.of("sessionId", session, "lastEventId", last)));
      List<JsonNode> missed = new ArrayList<>();
      boolean resumed = false;
      while (!resumed || missed.isEmpty()) {
        JsonNode frame = alices.next(Duration.ofSeconds(20));
        if ("resumed".equals(frame.path("op").asText())) {
          resumed = true;
        } else if ("event".equals(frame.path("op").asText())) {
          missed.add(frame);
        }
      }
      assertThat(missed.get(0).path("type").asText()).isEqualTo("keys.changed");
      assertThat(aboutWhom(missed.get(0))).isEqualTo(bob.toString());
      assertThat(missed.get(0).path("eventId").asLong()).isEqualTo(last + 1);
    }
  }
}
