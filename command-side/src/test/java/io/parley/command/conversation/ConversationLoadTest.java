package io.parley.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.command.CommandSideApplication;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
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

/**
 * Loading a conversation must not grow with its history: a cold load (cache emptied) reads one
 * snapshot and at most one snapshot interval of events, whether the conversation holds 500 or 5,000
 * messages, and still assigns the right next seq.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ConversationLoadTest {
  @Autowired CommandGateway commands;
  @Autowired EventStore eventStore;

  @Autowired
  @Qualifier("conversationCache")
  Cache cache;

  @Value("${parley.conversation.snapshot-every:250}")
  int snapshotEvery;

  long base;

  @Test
  void aColdLoadReadsNoMoreEventsAfterFiveThousandMessagesThanAfterFiveHundred() {
    UUID owner = UUID.randomUUID();
    UUID group = UUID.randomUUID();
    base = ThreadLocalRandom.current().nextLong(1L << 20, 1L << 60);
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    commands.sendAndWait(
        new CreateGroupCommand(group, owner, "Busy", "", Visibility.PRIVATE, List.of(), now));

    sendMessages(group, owner, 1, 500, now);
    long readAt500 = eventsReadByAColdLoad(group);
    sendMessages(group, owner, 501, 5_000, now);
    long readAt5000 = eventsReadByAColdLoad(group);

    assertThat(readAt500).isLessThanOrEqualTo(snapshotEvery + 1L);
    assertThat(readAt5000).isLessThanOrEqualTo(snapshotEvery + 1L);

    cache.removeAll();
    SentMessage next =
        commands.sendAndWait(
            new SendMessageCommand(group, owner, base, UUID.randomUUID(), "after", null, now));
    assertThat(next.seq()).as("a conversation restored from its snapshot goes on").isEqualTo(5_001);
  }

  private void sendMessages(UUID group, UUID sender, int from, int to, Instant now) {
    for (int seq = from; seq <= to; seq++) {
      SentMessage sent =
          commands.sendAndWait(
              new SendMessageCommand(
                  group, sender, base + seq, UUID.randomUUID(), "m" + seq, null, now));
      assertThat(sent.seq()).isEqualTo(seq);
    }
  }

  /** What the repository reads when the conversation is not cached: snapshot plus the tail. */
  private long eventsReadByAColdLoad(UUID group) {
    cache.removeAll();
    List<? extends DomainEventMessage<?>> read =
        eventStore.readEvents(group.toString()).asStream().toList();
    assertThat(read.get(0).getPayloadType())
        .as("the load starts from a snapshot")
        .isEqualTo(Conversation.class);
    return read.size();
  }
}
