package io.parley.push.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.push.PushTest;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/** The gate holds a message push until the timeline processor's committed position covers it. */
@PushTest
class TimelineGateTest {
  @Autowired JdbcTemplate jdbc;

  @Autowired
  @Qualifier("serializer")
  Serializer serializer;

  private static final String CONVERSATION = UUID.randomUUID().toString();

  private void position(String processor, long index, long... gaps) {
    jdbc.update("DELETE FROM tokenentry WHERE processorname = ?", processor);
    segment(processor, 0, index, gaps);
  }

  private void segment(String processor, int segment, long index, long... gaps) {
    TreeSet<Long> open = new TreeSet<>();
    for (long gap : gaps) {
      open.add(gap);
    }
    SerializedObject<byte[]> token =
        serializer.serialize(GapAwareTrackingToken.newInstance(index, open), byte[].class);
    jdbc.update(
        "DELETE FROM tokenentry WHERE processorname = ? AND segment = ?", processor, segment);
    jdbc.update(
        "INSERT INTO tokenentry (processorname, segment, token, tokentype) VALUES (?, ?, ?, ?)",
        processor,
        segment,
        token.getData(),
        token.getType().getName());
  }

  private static TrackingToken at(long index) {
    return GapAwareTrackingToken.newInstance(index, new TreeSet<>());
  }

  @Test
  void aPushWaitsUntilTheTimelineHasHandledItsEventThenGoes() throws Exception {
    String processor = "timeline-" + System.nanoTime();
    position(processor, 10);
    TimelineGate gate =
        new TimelineGate(jdbc, serializer, List.of(processor), Duration.ofSeconds(30));
    gate.awaitStored(at(10), CONVERSATION); // already handled: returns at once

    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(() -> gate.awaitStored(at(12), CONVERSATION));
    assertThat(waiting).as("held while the timeline is behind").isNotCompleted();
    position(processor, 12, 11);
    waiting.get(10, TimeUnit.SECONDS);
    assertThat(gate.stats()).contains("timeouts=0");
  }

  @Test
  void anEventStillInAGapOfTheTimelineIsNotYetHandled() throws Exception {
    String processor = "timeline-" + System.nanoTime();
    position(processor, 20, 15);
    TimelineGate gate =
        new TimelineGate(jdbc, serializer, List.of(processor), Duration.ofSeconds(30));
    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(() -> gate.awaitStored(at(15), CONVERSATION));
    assertThat(waiting).isNotCompleted();
    position(processor, 20);
    waiting.get(10, TimeUnit.SECONDS);
  }

  @Test
  void onlyTheSegmentThatOwnsTheConversationIsWaitedFor() throws Exception {
    String processor = "timeline-" + System.nanoTime();
    int owner = Segment.computeSegment(0, 0, 1).matches(CONVERSATION) ? 0 : 1;
    segment(processor, owner, 12);
    segment(processor, 1 - owner, 3); // idle: its position is stored only now and then
    TimelineGate gate =
        new TimelineGate(jdbc, serializer, List.of(processor), Duration.ofMillis(300));
    gate.awaitStored(at(12), CONVERSATION);
    assertThat(gate.stats()).contains("timeouts=0");

    gate.awaitStored(at(13), CONVERSATION);
    assertThat(gate.stats()).as("the owner is behind: waited").contains("timeouts=1");
  }

  @Test
  void anEventAnEarlierReadAlreadyCoversIsPushedWithoutReadingAgain() {
    String processor = "timeline-" + System.nanoTime();
    int owner = Segment.computeSegment(0, 0, 1).matches(CONVERSATION) ? 0 : 1;
    segment(processor, owner, 12);
    segment(processor, 1 - owner, 3); // idle: every segment together has handled only up to 3
    TimelineGate gate =
        new TimelineGate(jdbc, serializer, List.of(processor), Duration.ofMillis(300));
    gate.awaitStored(at(10), CONVERSATION);
    // Were the store read again, this (impossible, backwards) position would hold the push.
    segment(processor, owner, 5);
    gate.awaitStored(at(11), CONVERSATION);
    assertThat(gate.stats()).contains("timeouts=0");
  }

  @Test
  void theWaitIsBoundedAndCounted() {
    String processor = "timeline-" + System.nanoTime();
    position(processor, 1);
    TimelineGate gate =
        new TimelineGate(jdbc, serializer, List.of(processor), Duration.ofMillis(100));
    gate.awaitStored(at(5), CONVERSATION);
    assertThat(gate.stats()).contains("waits=1").contains("timeouts=1");
  }

  @Test
  void aProcessorWithNoTokenHereIsNotWaitedFor() {
    TimelineGate gate =
        new TimelineGate(jdbc, serializer, List.of("not-deployed"), Duration.ofSeconds(30));
    gate.awaitStored(at(1_000), CONVERSATION);
    assertThat(gate.stats()).contains("timeouts=0");
  }
}
