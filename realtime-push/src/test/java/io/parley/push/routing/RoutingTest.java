package io.parley.push.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every event type of the contract reaches exactly the sockets allowed to see it. */
@PushTest
class RoutingTest {
  private static final Duration QUIET = Duration.ofMillis(700);

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  PushEvents events;

  @BeforeEach
  void setUp() {
    events = new PushEvents(eventBus, tokens);
  }

  @Test
  void aMessageReachesEveryDeviceOfEveryMemberIncludingTheSendersOtherDevice() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    try (WsClient alicePhone = WsClient.identified(port, events.token(alice));
        WsClient aliceLaptop = WsClient.identified(port, events.token(alice));
        WsClient bobPhone = WsClient.identified(port, events.token(bob));
        WsClient bobLaptop = WsClient.identified(port, events.token(bob))) {
      long seq = events.message(group, alice, "hello from the phone");

      for (WsClient device : List.of(alicePhone, aliceLaptop, bobPhone, bobLaptop)) {
        JsonNode event = device.nextEvent("message.created");
        assertThat(event.path("conversationId").asText()).isEqualTo(group.toString());
        assertThat(event.path("seq").asLong()).isEqualTo(seq);
        assertThat(event.path("data").path("body").asText()).isEqualTo("hello from the phone");
        assertThat(event.path("data").path("senderId").asText()).isEqualTo(alice.toString());
        assertThat(event.path("data").path("messageId").isTextual()).isTrue();
        assertThat(event.path("eventId").asLong()).isPositive();
      }
    }
  }

  @Test
  void aNonMembersSocketReceivesNothingFromAPrivateGroup() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID eve = events.user("eve");
    UUID group = events.group(alice, bob);
    try (WsClient eveSocket = WsClient.identified(port, events.token(eve));
        WsClient bobSocket = WsClient.identified(port, events.token(bob))) {
      events.message(group, alice, "secret");
      events.publish(
          group,
          "Conversation",
          new MessageEditedEvent(group, 1, 1L, alice, "still secret", Instant.now()));
      events.publish(group, "Conversation", new ReadMarkerMovedEvent(group, bob, 1, Instant.now()));
      assertThat(bobSocket.nextEvent("read.updated")).isNotNull();

      assertThat(eveSocket.eventsUntilQuiet(QUIET)).isEmpty();
    }
  }

  @Test
  void aRemovedMemberStopsReceivingAtOnceAndAnAddedOneStartsAtOnce() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    UUID group = events.group(alice, bob);
    try (WsClient bobSocket = WsClient.identified(port, events.token(bob));
        WsClient carolSocket = WsClient.identified(port, events.token(carol))) {
      events.publish(
          group, "Conversation", new MemberRemovedEvent(group, alice, bob, Instant.now()));
      events.add(group, alice, carol, MemberRole.MEMBER);
      long seq = events.message(group, alice, "after the change");

      JsonNode left = bobSocket.nextEvent("member.left");
      assertThat(left.path("data").path("userId").asText()).isEqualTo(bob.toString());
      assertThat(bobSocket.eventsUntilQuiet(QUIET)).isEmpty();

      JsonNode created = carolSocket.nextEvent("conversation.created");
      assertThat(created.path("data").path("conversationId").asText()).isEqualTo(group.toString());
      assertThat(created.path("data").path("kind").asText()).isEqualTo("group");
      assertThat(created.path("data").path("memberCount").asInt()).isEqualTo(2);
      assertThat(carolSocket.nextEvent("message.created").path("seq").asLong()).isEqualTo(seq);
    }
  }

  @Test
  void membershipEventsGoToTheMembersAndConversationCreatedToTheNewcomer() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    try (WsClient aliceSocket = WsClient.identified(port, events.token(alice));
        WsClient bobSocket = WsClient.identified(port, events.token(bob))) {
      UUID group = events.group(alice, bob);
      assertThat(bobSocket.nextEvent("conversation.created").path("data").path("name").asText())
          .isEqualTo("Group");
      assertThat(aliceSocket.nextEvent("member.joined").path("data").path("userId").asText())
          .isEqualTo(bob.toString());

      events.add(group, alice, carol, MemberRole.MEMBER);
      for (WsClient member : List.of(aliceSocket, bobSocket)) {
        JsonNode joined = member.nextEvent("member.joined");
        assertThat(joined.path("data").path("userId").asText()).isEqualTo(carol.toString());
        assertThat(joined.path("data").path("role").asText()).isEqualTo("member");
      }
      events.publish(
          group,
          "Conversation",
          new MemberRoleChangedEvent(group, alice, bob, MemberRole.ADMIN, Instant.now()));
      assertThat(aliceSocket.nextEvent("member.role_changed").path("data").path("role").asText())
          .isEqualTo("admin");
      events.publish(
          group,
          "Conversation",
          new GroupUpdatedEvent(group, alice, "Renamed", "t", Visibility.PUBLIC, Instant.now()));
      JsonNode updated = bobSocket.nextEvent("conversation.updated");
      assertThat(updated.path("data").path("name").asText()).isEqualTo("Renamed");
      assertThat(updated.path("data").path("visibility").asText()).isEqualTo("public");
      assertThat(updated.path("data").path("memberCount").asInt()).isEqualTo(3);
    }
  }

  @Test
  void aDirectConversationIsAnnouncedToBothSides() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    try (WsClient aliceSocket = WsClient.identified(port, events.token(alice));
        WsClient bobSocket = WsClient.identified(port, events.token(bob))) {
      UUID direct = events.direct(alice, bob);
      for (WsClient side : List.of(aliceSocket, bobSocket)) {
        JsonNode created = side.nextEvent("conversation.created");
        assertThat(created.path("conversationId").asText()).isEqualTo(direct.toString());
        assertThat(created.path("data").path("kind").asText()).isEqualTo("direct");
      }
    }
  }

  @Test
  void editsDeletionsReactionsAndReadMarkersReachTheMembers() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    try (WsClient bobSocket = WsClient.identified(port, events.token(bob))) {
      events.message(group, alice, "first");
      Instant now = Instant.now();
      events.publish(
          group, "Conversation", new MessageEditedEvent(group, 1, 42L, alice, "edited", now));
      events.publish(group, "Conversation", new ReactionAddedEvent(group, 1, 42L, bob, "👍", now));
      events.publish(
          group, "Conversation", new ReactionRemovedEvent(group, 1, 42L, bob, "👍", now));
      events.publish(group, "Conversation", new MessageDeletedEvent(group, 1, 42L, alice, now));
      events.publish(group, "Conversation", new ReadMarkerMovedEvent(group, alice, 1, now));

      assertThat(bobSocket.nextEvent("message.created").path("seq").asLong()).isEqualTo(1);
      JsonNode edited = bobSocket.nextEvent("message.updated");
      assertThat(edited.path("data").path("body").asText()).isEqualTo("edited");
      assertThat(edited.path("data").path("messageId").asText()).isEqualTo("42");
      JsonNode added = bobSocket.nextEvent("reaction.updated");
      assertThat(added.path("data").path("emoji").asText()).isEqualTo("👍");
      assertThat(added.path("data").path("reacted").asBoolean()).isTrue();
      assertThat(bobSocket.nextEvent("reaction.updated").path("data").path("reacted").asBoolean())
          .isFalse();
      assertThat(bobSocket.nextEvent("message.deleted").path("data").path("deleted").asBoolean())
          .isTrue();
      JsonNode read = bobSocket.nextEvent("read.updated");
      assertThat(read.path("data").path("userId").asText()).isEqualTo(alice.toString());
      assertThat(read.path("data").path("seq").asLong()).isEqualTo(1);
    }
  }

  @Test
  void aNewDisplayNameReachesThoseWhoShareAConversationAndNoOneElse() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID eve = events.user("eve");
    events.group(alice, bob);
    try (WsClient bobSocket = WsClient.identified(port, events.token(bob));
        WsClient eveSocket = WsClient.identified(port, events.token(eve))) {
      events.publish(
          alice, "Account", new DisplayNameChangedEvent(alice, "Alice A.", Instant.now()));
      JsonNode updated = bobSocket.nextEvent("user.updated");
      assertThat(updated.path("data").path("userId").asText()).isEqualTo(alice.toString());
      assertThat(updated.path("data").path("displayName").asText()).isEqualTo("Alice A.");
      assertThat(eveSocket.eventsUntilQuiet(QUIET)).isEmpty();
    }
  }

  @Test
  void eventIdsAreStrictlyIncreasingWithinASession() {
    UUID alice = events.user("alice");
    UUID group = events.group(alice);
    try (WsClient socket = WsClient.identified(port, events.token(alice))) {
      events.messages(group, alice, "burst", 50);
      long previous = 0;
      for (int i = 0; i < 50; i++) {
        long eventId = socket.nextEvent("message.created").path("eventId").asLong();
        assertThat(eventId).isGreaterThan(previous);
        previous = eventId;
      }
    }
  }
}
