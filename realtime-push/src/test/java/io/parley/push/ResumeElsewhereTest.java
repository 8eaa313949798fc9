package io.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.push.gateway.Awaiting;
import io.parley.push.gateway.WsClient;
import io.parley.push.routing.LiveCut;
import io.parley.push.routing.LogPositions;
import io.parley.support.auth.AccessTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Resume on any push process (docs/adr/0175): push processes on one store (separate application
 * contexts, each with its own event store instance, as in {@link TwoProcessTest}); a client whose
 * process stops, or whose socket drops, resumes on another one with exactly the events it missed,
 * in order and once, then live ones.
 */
@PushTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeElsewhereTest {
  @LocalServerPort int portA;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  @Autowired JdbcTemplate jdbc;

  /** A second process that stays up; it replays at most 20 log events for a resume. */
  ConfigurableApplicationContext processB;

  int portB;

  @BeforeAll
  void startSecondProcess() {
    processB = PushProcess.start("parley.gateway.resume-max-log-events=20");
    portB = PushProcess.port(processB);
  }

  @AfterAll
  void stopSecondProcess() {
    processB.close();
  }

  /** A session's id and the last event id its client saw. */
  private record Seen(String sessionId, long lastEventId) {}

  private static WsClient identify(int port, String token) {
    WsClient client = WsClient.connect(port);
    client.send(Map.of("op", "identify", "token", token));
    return client;
  }

  private static Map<String, Object> resume(String token, Seen seen) {
    return Map.of(
        "op",
        "identify",
        "token",
        token,
        "resume",
        Map.of("sessionId", seen.sessionId(), "lastEventId", seen.lastEventId()));
  }

  /**
   * The first {@code count} events of a resumed socket, {@code resumed} included among the frames:
   * the replay comes before it, and events the resuming process's live delivery had not reached yet
   * when it took over come after it, as live ones.
   */
  private static List<JsonNode> resumedWith(WsClient client, int count) {
    List<JsonNode> events = new ArrayList<>();
    boolean resumed = false;
    while (!resumed || events.size() < count) {
      JsonNode frame = client.next(Duration.ofSeconds(20));
      String op = frame.path("op").asText();
      if ("resumed".equals(op)) {
        assertThat(resumed).as("resumed once").isFalse();
        resumed = true;
      } else if ("event".equals(op)) {
        events.add(frame);
      } else {
        assertThat(op).as("frames of a resume").isEqualTo("heartbeat_ack");
      }
    }
    return events;
  }

  private static List<String> describe(List<JsonNode> events) {
    return events.stream()
        .map(
            e ->
                e.path("type").asText()
                    + (e.has("seq") ? " " + e.path("seq").asLong() : "")
                    + ("member.left".equals(e.path("type").asText())
                        ? " " + e.path("data").path("userId").asText()
                        : ""))
        .toList();
  }

  private static void assertNumberedAfter(List<JsonNode> events, long lastEventId) {
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).path("eventId").asLong())
          .as("event ids continue the session's")
          .isEqualTo(lastEventId + 1 + i);
    }
  }

  @Test
  void
      aClientOfAStoppedProcessResumesOnAnotherWithExactlyTheMissedEventsAndAMemberRemovedMeanwhileGetsNothingAfterLeaving() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    ConfigurableApplicationContext processC = PushProcess.start();
    Seen bobSeen;
    Seen carolSeen;
    UUID group;
    try (WsClient bobOnC = identify(PushProcess.port(processC), events.token(bob));
        WsClient carolOnC = identify(PushProcess.port(processC), events.token(carol))) {
      String bobSession = bobOnC.nextOp("ready").path("sessionId").asText();
      String carolSession = carolOnC.nextOp("ready").path("sessionId").asText();
      group = events.group(alice, bob, carol);
      bobOnC.nextEvent("conversation.created");
      carolOnC.nextEvent("conversation.created");
      events.messages(group, alice, "seen", 3);
      long bobLast = 0;
      long carolLast = 0;
      for (int i = 0; i < 3; i++) {
        bobLast = bobOnC.nextEvent("message.created").path("eventId").asLong();
        carolLast = carolOnC.nextEvent("message.created").path("eventId").asLong();
      }
      processC.close();
      assertThat(bobOnC.awaitClose(Duration.ofSeconds(20))).isEqualTo(1012);
      assertThat(carolOnC.awaitClose(Duration.ofSeconds(20))).isEqualTo(1012);
      assertThat(bobOnC.eventsUntilQuiet(Duration.ofMillis(100))).isEmpty();
      bobSeen = new Seen(bobSession, bobLast);
      carolSeen = new Seen(carolSession, carolLast);
    } finally {
      processC.close();
    }

    events.messages(group, alice, "missed", 2);
    events.publish(
        group, "Conversation", new MemberRemovedEvent(group, alice, carol, Instant.now()));
    events.messages(group, alice, "after carol left", 2);

    try (WsClient bobOnA = WsClient.connect(portA);
        WsClient carolOnA = WsClient.connect(portA)) {
      bobOnA.send(resume(events.token(bob), bobSeen));
      carolOnA.send(resume(events.token(carol), carolSeen));
      List<JsonNode> bobMissed = resumedWith(bobOnA, 5);
      List<JsonNode> carolMissed = resumedWith(carolOnA, 3);
      assertThat(describe(bobMissed))
          .containsExactly(
              "message.created 4",
              "message.created 5",
              "member.left " + carol,
              "message.created 6",
              "message.created 7");
      assertNumberedAfter(bobMissed, bobSeen.lastEventId());
      assertThat(describe(carolMissed))
          .containsExactly("message.created 4", "message.created 5", "member.left " + carol);
      assertNumberedAfter(carolMissed, carolSeen.lastEventId());

      events.message(group, alice, "live");
      JsonNode live = bobOnA.nextEvent("message.created");
      assertThat(live.path("seq").asLong()).isEqualTo(8);
      assertThat(live.path("eventId").asLong()).isEqualTo(bobSeen.lastEventId() + 6);
      assertThat(bobOnA.eventsUntilQuiet(Duration.ofMillis(500))).as("nothing twice").isEmpty();
      assertThat(carolOnA.eventsUntilQuiet(Duration.ofMillis(500)))
          .as("nothing after member.left")
          .isEmpty();
    }
  }

  @Test
  void framesAClientLostInFlightWhenItsProcessStoppedComeFromTheResumePointThenTheLog() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    ConfigurableApplicationContext processC = PushProcess.start();
    Seen processed;
    UUID group;
    try (WsClient bobOnC = identify(PushProcess.port(processC), events.token(bob))) {
      String session = bobOnC.nextOp("ready").path("sessionId").asText();
      group = events.group(alice, bob);
      bobOnC.nextEvent("conversation.created");
      events.messages(group, alice, "sent", 5);
      long[] ids = new long[5];
      for (int i = 0; i < 5; i++) {
        ids[i] = bobOnC.nextEvent("message.created").path("eventId").asLong();
      }
      // The client got all five, but as far as it knows it processed only two of them.
      processed = new Seen(session, ids[1]);
      processC.close();
      assertThat(bobOnC.awaitClose(Duration.ofSeconds(20))).isEqualTo(1012);
    } finally {
      processC.close();
    }
    events.messages(group, alice, "after the stop", 2);

    try (WsClient bobOnA = WsClient.connect(portA)) {
      bobOnA.send(resume(events.token(bob), processed));
      List<JsonNode> missed = resumedWith(bobOnA, 5);
      assertThat(describe(missed))
          .containsExactly(
              "message.created 3",
              "message.created 4",
              "message.created 5",
              "message.created 6",
              "message.created 7");
      assertNumberedAfter(missed, processed.lastEventId());
      assertThat(bobOnA.eventsUntilQuiet(Duration.ofMillis(500))).as("nothing twice").isEmpty();
    }
  }

  @Test
  void aSocketThatDropsResumesOnAnotherLiveProcessAndBackAgain() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    Seen seen = twoSeenOnA(events, alice, bob, group);
    awaitPoint(seen); // the messages below are then replayed from the log, not from its frames
    events.messages(group, alice, "missed on A", 3);

    Seen seenOnB;
    try (WsClient bobOnB = WsClient.connect(portB)) {
      bobOnB.send(resume(events.token(bob), seen));
      List<JsonNode> missed = resumedWith(bobOnB, 3);
      assertThat(describe(missed))
          .containsExactly("message.created 3", "message.created 4", "message.created 5");
      assertNumberedAfter(missed, seen.lastEventId());
      events.message(group, alice, "live on B");
      JsonNode live = bobOnB.nextEvent("message.created");
      assertThat(live.path("seq").asLong()).isEqualTo(6);
      seenOnB = new Seen(seen.sessionId(), live.path("eventId").asLong());
      assertThat(seenOnB.lastEventId()).isEqualTo(seen.lastEventId() + 4);
    }
    awaitPoint(seenOnB);
    events.messages(group, alice, "missed on B", 2);

    // Back on A, which still holds its own (now stale) copy of the session: B's point wins.
    try (WsClient bobOnA = WsClient.connect(portA)) {
      bobOnA.send(resume(events.token(bob), seenOnB));
      List<JsonNode> missed = resumedWith(bobOnA, 2);
      assertThat(describe(missed)).containsExactly("message.created 7", "message.created 8");
      assertNumberedAfter(missed, seenOnB.lastEventId());
      assertThat(bobOnA.eventsUntilQuiet(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void aClientThatReconnectsElsewhereAtOnceIsResumedOnceThePointIsWritten() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    Seen seen;
    try (WsClient bobOnA = identify(portA, events.token(bob))) {
      String session = bobOnA.nextOp("ready").path("sessionId").asText();
      events.messages(group, alice, "seen", 2);
      bobOnA.nextEvent("message.created");
      seen = new Seen(session, bobOnA.nextEvent("message.created").path("eventId").asLong());
      bobOnA.close();
      assertThat(bobOnA.awaitClose(Duration.ofSeconds(10))).isEqualTo(1000);
    }
    events.message(group, alice, "missed");
    try (WsClient bobOnB = WsClient.connect(portB)) {
      bobOnB.send(resume(events.token(bob), seen));
      List<JsonNode> missed = resumedWith(bobOnB, 1);
      assertThat(describe(missed)).containsExactly("message.created 3");
      assertNumberedAfter(missed, seen.lastEventId());
    }
  }

  /**
   * The first socket of a resume from another process closes while the catch-up is still being read
   * from the log (here the gateway closes it for a second identify; a network drop does the same),
   * and the client resumes again on the same process at once: that socket gets the catch-up and
   * then live events. Before, it got `resumed` at once and then nothing, ever: the catch-up
   * attached the closed first socket (a cluster rolling restart lost a device's every later message
   * so).
   */
  @Test
  void aSocketThatResumesWhileAnEarlierResumeOfItsSessionIsCatchingUpGetsTheCatchUpThenLive()
      throws Exception {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    Seen seen = twoSeenOnA(events, alice, bob, group);
    awaitPoint(seen);
    events.messages(group, alice, "missed", 2);
    // B's live delivery reads push_membership too (a member's view of the conversation): were it
    // still behind when the table is held, its lanes would wait on the lock, and the resume with
    // them, before it ever reached the catch-up's read.
    awaitLiveDeliveryCaughtUp(processB);

    try (java.sql.Connection lock = jdbc.getDataSource().getConnection();
        WsClient first = WsClient.connect(portB);
        WsClient second = WsClient.connect(portB)) {
      // B's catch-up reads the user's memberships after it registered the session for live
      // pushes: holding that table holds the resume right there.
      lock.setAutoCommit(false);
      try (var statement = lock.createStatement()) {
        statement.execute("LOCK TABLE push_membership IN ACCESS EXCLUSIVE MODE");
      }
      first.send(resume(events.token(bob), seen));
      awaitCatchUpBlocked();
      first.send(Map.of("op", "heartbeat"));
      assertThat(first.nextOp("heartbeat_ack")).as("a heartbeat while resuming").isNotNull();
      first.send(Map.of("op", "identify", "token", events.token(bob)));
      assertThat(first.awaitClose(Duration.ofSeconds(10)))
          .as("a second identify while the first one's resume runs")
          .isEqualTo(4001);

      // A socket that resumes meanwhile and drops again leaves the point as claimed: written
      // now, it would say the session had seen events the catch-up has not numbered yet.
      Map<String, Object> claimed = point(seen.sessionId());
      try (WsClient dropped = WsClient.connect(portB)) {
        dropped.send(resume(events.token(bob), seen));
        Thread.sleep(200);
      }
      Thread.sleep(500); // the resume points of dropped sockets are written every 100 ms
      assertThat(point(seen.sessionId())).isEqualTo(claimed);

      second.send(resume(events.token(bob), seen));
      assertThatThrownBy(() -> second.next(Duration.ofMillis(300)))
          .as("no answer, not even resumed, before the catch-up")
          .isInstanceOf(AssertionError.class);
      lock.rollback();

      List<JsonNode> missed = resumedWith(second, 2);
      assertThat(describe(missed)).containsExactly("message.created 3", "message.created 4");
      assertNumberedAfter(missed, seen.lastEventId());
      events.message(group, alice, "live");
      JsonNode live = second.nextEvent("message.created");
      assertThat(live.path("seq").asLong()).isEqualTo(5);
      assertThat(live.path("eventId").asLong()).isEqualTo(seen.lastEventId() + 3);
      assertThat(second.eventsUntilQuiet(Duration.ofMillis(300))).as("nothing twice").isEmpty();
    }
  }

  /** Bob's session on A, after he got two messages of {@code group} there and his socket closed. */
  private Seen twoSeenOnA(PushEvents events, UUID alice, UUID bob, UUID group) {
    try (WsClient bobOnA = identify(portA, events.token(bob))) {
      String session = bobOnA.nextOp("ready").path("sessionId").asText();
      events.messages(group, alice, "seen", 2);
      bobOnA.nextEvent("message.created");
      return new Seen(session, bobOnA.nextEvent("message.created").path("eventId").asLong());
    }
  }

  private Map<String, Object> point(String sessionId) {
    return jdbc.queryForMap(
        "SELECT owner, version, last_event_id, position FROM push_resume_point"
            + " WHERE session_id = ?",
        sessionId);
  }

  /** Waits until a resume's catch-up waits for the lock on push_membership. */
  private void awaitCatchUpBlocked() {
    Awaiting.until(
        () ->
            jdbc.queryForObject(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE '%FROM push_membership WHERE user_id%'",
                    Long.class)
                > 0,
        Duration.ofSeconds(20));
  }

  @Test
  void aResumeWithTooManyLogEventsBehindItOrTooOldIsInvalid() {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID group = events.group(alice, bob);
    Seen seen;
    try (WsClient bobOnA = identify(portA, events.token(bob))) {
      String session = bobOnA.nextOp("ready").path("sessionId").asText();
      events.message(group, alice, "seen");
      seen = new Seen(session, bobOnA.nextEvent("message.created").path("eventId").asLong());
    }
    awaitPoint(seen);
    events.messages(group, alice, "too many", 30); // B replays at most 20
    // Only events B's live delivery has already pushed are replayed from the log; were it still
    // behind them, B would register the session before them and push them live (a valid resume).
    awaitLiveDeliveryCaughtUp(processB);

    try (WsClient bobOnB = WsClient.connect(portB)) {
      bobOnB.send(resume(events.token(bob), seen));
      // B may wait up to its log wait (5 s) for its live delivery to reach the point, then up to
      // as long again reading the log, before it can tell: wait for longer than both.
      assertThat(
              bobOnB.next(
                  frame -> "invalid_session".equals(frame.path("op").asText()),
                  Duration.ofSeconds(30)))
          .isNotNull();
      bobOnB.send(Map.of("op", "identify", "token", events.token(bob)));
      assertThat(bobOnB.nextOp("ready").path("sessionId").asText()).isNotEqualTo(seen.sessionId());
    }

    // A point within B's limit but older than the resume window.
    Seen recent;
    try (WsClient bobOnA = identify(portA, events.token(bob))) {
      String session = bobOnA.nextOp("ready").path("sessionId").asText();
      events.message(group, alice, "seen again");
      recent = new Seen(session, bobOnA.nextEvent("message.created").path("eventId").asLong());
    }
    awaitPoint(recent);
    jdbc.update(
        "UPDATE push_resume_point SET saved_at = now() - interval '1 hour' WHERE session_id = ?",
        recent.sessionId());
    try (WsClient bobOnB = WsClient.connect(portB)) {
      bobOnB.send(resume(events.token(bob), recent));
      assertThat(bobOnB.nextOp("invalid_session")).isNotNull();
    }
  }

  /** Waits until {@code process}'s live delivery has pushed every event the log has now. */
  private void awaitLiveDeliveryCaughtUp(ConfigurableApplicationContext process) {
    TrackingToken head = ((StreamableMessageSource<?>) eventBus).createHeadToken();
    LiveCut cut = process.getBean(LiveCut.class);
    Awaiting.until(
        () -> {
          TrackingToken live = cut.atCut(position -> position);
          return live != null && LogPositions.coversAll(live, head);
        },
        Duration.ofSeconds(20));
  }

  /** Waits until the process the client left has written where it stands. */
  private void awaitPoint(Seen seen) {
    Awaiting.until(
        () ->
            jdbc.queryForObject(
                    "SELECT count(*) FROM push_resume_point WHERE session_id = ?"
                        + " AND last_event_id >= ?",
                    Long.class,
                    seen.sessionId(),
                    seen.lastEventId())
                > 0,
        Duration.ofSeconds(20));
  }
}
