package io.parley.push.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.push.gateway.WsClient;
import io.parley.support.auth.AccessTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Replaying the push service's membership tables never opens live routing: a removed member gets no
 * push while the replay passes the events from before their removal (docs/adr/0100).
 */
@PushTest
class ReplayPrivacyPushTest {
  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  @Autowired EventProcessingConfiguration processing;
  @Autowired CatchUpPause pause;

  @Test
  void aRemovedMemberGetsNoPushWhileTheMembershipReplayIsHalfWay() throws Exception {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    // More than a batch of membership-consumer events between bob joining and leaving, so the
    // replay commits his joining before it reaches his removal.
    UUID other = events.group(alice);
    events.messages(other, alice, "filler", 150);
    events.publish(group, "Conversation", new MemberRemovedEvent(group, alice, bob, Instant.now()));

    try (WsClient aliceSocket = WsClient.identified(port, events.token(alice));
        WsClient bobSocket = WsClient.identified(port, events.token(bob))) {
      // The filler may still be on its way to alice's socket: wait for the group's message.
      long before = events.message(group, alice, "before the replay");
      assertThat(aliceSocket.nextEventIn("message.created", group).path("seq").asLong())
          .isEqualTo(before);

      try (CatchUpPause.Paused paused =
          pause.before(
              payload ->
                  payload instanceof MemberRemovedEvent removed
                      && removed.conversationId().equals(group))) {
        TrackingEventProcessor catchUp =
            processing
                .eventProcessor(MembershipCatchUp.GROUP, TrackingEventProcessor.class)
                .orElseThrow();
        // The removal must be behind the catch-up before the reset, or the reset's replay ends
        // before it and the removal is handled live, never paused.
        long head =
            ((StreamableMessageSource<?>) eventBus).createHeadToken().position().orElseThrow();
        awaitPosition(catchUp, head);
        catchUp.shutDown();
        catchUp.resetTokens();
        catchUp.start();
        paused.awaitReached();

        long during = events.message(group, alice, "during the replay");
        assertThat(aliceSocket.nextEventIn("message.created", group).path("seq").asLong())
            .isEqualTo(during);
        assertThat(bobSocket.eventsUntilQuiet(Duration.ofMillis(700)))
            .noneMatch(event -> "message.created".equals(event.path("type").asText()));
      }
    }
  }

  private static void awaitPosition(TrackingEventProcessor processor, long position)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!processor.processingStatus().values().stream()
        .allMatch(status -> status.getCurrentPosition().orElse(-1) >= position)) {
      assertThat(System.nanoTime() - deadline)
          .as("the membership catch-up reaches position " + position)
          .isNegative();
      Thread.sleep(20);
    }
  }
}
