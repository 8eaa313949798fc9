package io.parley.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.command.CommandSideApplication;
import io.parley.command.snapshot.BackgroundSnapshots;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Loading a conversation must not grow with its history: a cold load (cache emptied) reads one
 * snapshot and at most one snapshot interval of events, whether the conversation holds 500 or 5,000
 * messages, and still assigns the right next seq.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(EventReplayCounter.class)
class ConversationLoadTest {
  @Autowired CommandGateway commands;
  @Autowired EventStore eventStore;

  @Autowired
  @Qualifier("conversationCache")
  Cache cache;

  @Autowired BackgroundSnapshots snapshots;

  @Value("${parley.conversation.snapshot-every:250}")
  int snapshotEvery;

  long base;

  @Test
  void aCommandReplaysNoMoreEventsAfterFiveThousandMessagesThanAfterFiveHundred() {
    UUID owner = UUID.randomUUID();
    UUID group = UUID.randomUUID();
    base = ThreadLocalRandom.current().nextLong(1L << 20, 1L << 60);
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    commands.sendAndWait(
        new CreateGroupCommand(group, owner, "Busy", "", Visibility.PRIVATE, List.of(), now));

    sendMessages(group, owner, 1, 500, now);
    awaitSnapshots();
    assertThat(startsFromASnapshot(group)).isTrue();
    long coldAt500 = eventsReplayedBySending(group, owner, 501, true, now);
    long warmAt500 = eventsReplayedBySending(group, owner, 502, false, now);
    sendMessages(group, owner, 503, 5_000, now);
    awaitSnapshots();
    long coldAt5000 = eventsReplayedBySending(group, owner, 5_001, true, now);
    long warmAt5000 = eventsReplayedBySending(group, owner, 5_002, false, now);

    assertThat(warmAt500).as("a cached conversation replays nothing").isZero();
    assertThat(warmAt5000).isZero();
    assertThat(coldAt500).isLessThan(snapshotEvery);
    assertThat(coldAt5000)
        .as("a cold load replays at most one snapshot interval, whatever the history")
        .isLessThan(snapshotEvery);
  }

  /** Snapshots are taken in the background: none may replay events while one is counted. */
  private void awaitSnapshots() {
    try {
      assertThat(snapshots.awaitIdle(Duration.ofSeconds(30))).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private void sendMessages(UUID group, UUID sender, int from, int to, Instant now) {
    for (int seq = from; seq <= to; seq++) {
      assertThat(send(group, sender, seq, now).seq()).isEqualTo(seq);
    }
  }

  private SentMessage send(UUID group, UUID sender, long seq, Instant now) {
    return commands.sendAndWait(
        new SendMessageCommand(group, sender, base + seq, UUID.randomUUID(), "m" + seq, null, now));
  }

  /**
   * Sends one message (as seq {@code seq}) and returns how many stored events the aggregate had to
   * replay for it: every event applied minus the one the command itself produced.
   */
  private long eventsReplayedBySending(
      UUID group, UUID sender, long seq, boolean cold, Instant now) {
    if (cold) {
      cache.removeAll();
    }
    long before = EventReplayCounter.applied();
    SentMessage sent = send(group, sender, seq, now);
    assertThat(sent.seq()).as("a conversation restored from its snapshot goes on").isEqualTo(seq);
    return EventReplayCounter.applied() - before - 1;
  }

  private boolean startsFromASnapshot(UUID group) {
    return eventStore
        .readEvents(group.toString())
        .asStream()
        .findFirst()
        .map(DomainEventMessage::getPayloadType)
        .filter(Conversation.class::equals)
        .isPresent();
  }
}
