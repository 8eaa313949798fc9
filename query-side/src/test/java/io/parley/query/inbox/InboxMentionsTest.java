package io.parley.query.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.NotificationLevel;
import io.parley.events.conversation.NotificationLevelChangedEvent;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import io.parley.query.Replays;
import io.parley.query.rebuild.ReadModelRebuilds;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Mention counts and notification levels in the inbox, against the real Postgres. */
@ProjectionTest
class InboxMentionsTest {
  static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

  @Autowired PublishedEvents events;
  @Autowired Inbox inbox;
  @Autowired EventProcessingConfiguration processing;
  @Autowired ReadModelRebuilds rebuilds;

  final UUID ann = UUID.randomUUID();
  final UUID ben = UUID.randomUUID();
  final UUID cat = UUID.randomUUID();
  final UUID c = UUID.randomUUID();

  void group() {
    events.publish(
        new GroupCreatedEvent(c, ann, "Mentions", "", Visibility.PRIVATE, T),
        new MemberAddedEvent(c, ann, ann, MemberRole.OWNER, T),
        new MemberAddedEvent(c, ann, ben, MemberRole.MEMBER, T),
        new MemberAddedEvent(c, ann, cat, MemberRole.MEMBER, T));
  }

  MessageSentEvent sent(long seq, UUID sender, List<UUID> mentions, boolean everyone) {
    return new MessageSentEvent(
        c,
        seq,
        5000 + seq,
        sender,
        UUID.randomUUID(),
        "message " + seq,
        null,
        T.plusSeconds(seq),
        List.of(),
        mentions,
        everyone);
  }

  Inbox.Item item(UUID user) {
    return inbox.page(user, 200, null).items().stream()
        .filter(i -> i.conversationId().equals(c))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void unreadMentionsCountUpAndTheReadMarkerBringsThemDown() {
    group();
    events.publish(
        sent(1, ann, List.of(ben), false),
        sent(2, ann, List.of(), false),
        sent(3, cat, List.of(ben, ann), false),
        sent(4, ann, List.of(cat), false));

    assertThat(item(ben).mentionCount()).isEqualTo(2);
    assertThat(item(cat).mentionCount()).isEqualTo(1);
    assertThat(item(ann).mentionCount()).isZero(); // her own send at 4 moved her marker past 3

    events.publish(new ReadMarkerMovedEvent(c, ben, 1, T.plusSeconds(10)));
    assertThat(item(ben).mentionCount()).isEqualTo(1);
    events.publish(new ReadMarkerMovedEvent(c, ben, 4, T.plusSeconds(11)));
    assertThat(item(ben).mentionCount()).isZero();
  }

  @Test
  void everyoneCountsOnceForEveryMemberButTheSender() {
    group();
    events.publish(sent(1, ann, List.of(ben), true), sent(2, ann, List.of(), true));

    assertThat(item(ben).mentionCount()).isEqualTo(2);
    assertThat(item(cat).mentionCount()).isEqualTo(2);
    assertThat(item(ann).mentionCount()).isZero();
  }

  @Test
  void aDeletedMessageNoLongerCountsNorDoesItComeBackOnRedelivery() {
    group();
    MessageSentEvent mention = sent(1, ann, List.of(ben), false);
    events.publish(mention, sent(2, ann, List.of(), true));
    events.publish(
        new MessageDeletedEvent(c, 1, 5001, ann, T.plusSeconds(5)),
        new MessageDeletedEvent(c, 2, 5002, ann, T.plusSeconds(5)));
    assertThat(item(ben).mentionCount()).isZero();

    events.publish(mention);
    assertThat(item(ben).mentionCount()).isZero();
  }

  @Test
  void theLevelIsShownAndLeavingForgetsIt() {
    group();
    assertThat(item(ben).notificationLevel()).isEqualTo("all");
    events.publish(new NotificationLevelChangedEvent(c, ben, NotificationLevel.MUTED, T));
    assertThat(item(ben).notificationLevel()).isEqualTo("muted");
    assertThat(item(cat).notificationLevel()).isEqualTo("all");

    events.publish(
        new MemberRemovedEvent(c, ben, ben, T.plusSeconds(1)),
        new MemberAddedEvent(c, ann, ben, MemberRole.MEMBER, T.plusSeconds(2)));
    assertThat(item(ben).notificationLevel()).isEqualTo("all");
  }

  @Test
  void aReplayRebuildsMentionCountsAndLevels() {
    group();
    events.publish(
        sent(1, ann, List.of(ben), false),
        sent(2, cat, List.of(), true),
        sent(3, ann, List.of(ben), false),
        new MessageDeletedEvent(c, 3, 5003, ann, T.plusSeconds(5)),
        new NotificationLevelChangedEvent(c, ben, NotificationLevel.MENTIONS, T));
    assertThat(item(ben).mentionCount()).isEqualTo(2);

    Replays.restartFromTheBeginning(processing, InboxProjection.GROUP);
    events.awaitProcessed();
    Replays.awaitSwapped(rebuilds, InboxProjection.GROUP);

    assertThat(item(ben).mentionCount()).isEqualTo(2);
    assertThat(item(ben).notificationLevel()).isEqualTo("mentions");
    assertThat(item(ann).mentionCount()).isZero(); // her send at 3 read cat's @everyone at 2
  }
}
