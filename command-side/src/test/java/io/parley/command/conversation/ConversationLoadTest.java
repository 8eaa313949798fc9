package io.parley.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.command.CommandSideApplication;
import io.parley.command.snapshot.BackgroundSnapshots;
import io.parley.events.conversation.AddMemberCommand;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import io.parley.support.axon.StreamTail;
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
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loading a conversation must not grow with its history: a cold load (cache emptied) reads one
 * snapshot and at most one snapshot interval of events, whether the conversation holds 500 or 5,000
 * messages, and still assigns the right next seq. A conversation without a snapshot, as an imported
 * log has, loads from its membership events and its last sends only (docs/adr/0197).
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
  @Autowired JdbcTemplate jdbc;
  @Autowired StreamTail streamTail;

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

  @Test
  void aConversationWithoutASnapshotReplaysItsMembersAndItsLastSendsOnly() {
    UUID owner = UUID.randomUUID();
    UUID joiner = UUID.randomUUID();
    UUID group = UUID.randomUUID();
    base = ThreadLocalRandom.current().nextLong(1L << 20, 1L << 60);
    Instant now = Instant.parse("2026-12-04T10:00:00Z");
    commands.sendAndWait(
        new CreateGroupCommand(group, owner, "Imported", "", Visibility.PRIVATE, List.of(), now));
    sendMessages(group, owner, 1, 600, now);
    commands.sendAndWait(new AddMemberCommand(group, owner, joiner, now));
    sendMessages(group, owner, 601, 1_600, now);
    awaitSnapshots();
    jdbc.update("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?", group.toString());

    long replayed = eventsReplayedBySending(group, joiner, 1_601, true, now);

    assertThat(replayed)
        .as("the group, its two members and the last %d sends", Conversation.CLIENT_ID_WINDOW)
        .isEqualTo(3 + Conversation.CLIENT_ID_WINDOW);
    SentMessage retried =
        commands.sendAndWait(
            new SendMessageCommand(
                group, owner, base + 99_999, clientId(1_200), "again", null, now));
    assertThat(retried.seq())
        .as("a retry inside the window still answers the first send's seq")
        .isEqualTo(1_200);
  }

  /** The partial index the store reads a conversation's other events through names its types. */
  @Test
  void theStoresIndexSkipsExactlyTheTypesAConversationReadsOnlyInItsWindow() {
    String index =
        jdbc.queryForObject(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'domainevententry_dense'",
            String.class);
    assertThat(index).isNotNull();
    assertThat(index.split("'").length / 2)
        .as("literals in " + index)
        .isEqualTo(streamTail.tailOnly().size());
    streamTail.tailOnly().forEach(type -> assertThat(index).contains("'" + type + "'"));
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
        new SendMessageCommand(group, sender, base + seq, clientId(seq), "m" + seq, null, now));
  }

  private UUID clientId(long seq) {
    return new UUID(base, seq);
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
    long before = EventReplayCounter.applied(group.toString());
    SentMessage sent = send(group, sender, seq, now);
    assertThat(sent.seq()).as("a conversation restored from its snapshot goes on").isEqualTo(seq);
    return EventReplayCounter.applied(group.toString()) - before - 1;
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
