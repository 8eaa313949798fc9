package io.parley.query.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@ProjectionTest
class InboxProjectionTest {
  static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

  @Autowired PublishedEvents events;
  @Autowired JdbcTemplate jdbc;
  @Autowired Inbox inbox;
  @Autowired EventProcessingConfiguration processing;

  final UUID alice = UUID.randomUUID();
  final UUID bob = UUID.randomUUID();
  final UUID carol = UUID.randomUUID();

  static MessageSentEvent sent(UUID c, long seq, UUID sender, Instant at) {
    return new MessageSentEvent(
        c, seq, 1000 + seq, sender, UUID.randomUUID(), "message " + seq, null, at);
  }

  List<Object> created(UUID c, Instant at, UUID... members) {
    List<Object> history = new ArrayList<>();
    history.add(new GroupCreatedEvent(c, members[0], "Inbox " + c, "", Visibility.PRIVATE, at));
    for (UUID member : members) {
      history.add(
          new MemberAddedEvent(
              c,
              members[0],
              member,
              member.equals(members[0]) ? MemberRole.OWNER : MemberRole.MEMBER,
              at));
    }
    return history;
  }

  /** Alice sends 1-3, Bob 4; 2 is deleted; Carol has read 1; Bob edits 4. */
  List<Object> conversation(UUID c) {
    List<Object> history = created(c, T, alice, bob, carol);
    history.add(sent(c, 1, alice, T.plusSeconds(1)));
    history.add(sent(c, 2, alice, T.plusSeconds(2)));
    history.add(sent(c, 3, alice, T.plusSeconds(3)));
    history.add(sent(c, 4, bob, T.plusSeconds(4)));
    history.add(new MessageDeletedEvent(c, 2, 1002, alice, T.plusSeconds(5)));
    history.add(new ReadMarkerMovedEvent(c, carol, 1, T.plusSeconds(6)));
    history.add(new MessageEditedEvent(c, 4, 1004, bob, "edited 4", T.plusSeconds(7)));
    return history;
  }

  Inbox.Item item(UUID user, UUID c) {
    return inbox.page(user, 200, null).items().stream()
        .filter(i -> i.conversationId().equals(c))
        .findFirst()
        .orElseThrow();
  }

  List<String> rows(UUID c) {
    List<String> rows = new ArrayList<>();
    rows.addAll(
        jdbc.queryForList(
            "SELECT concat_ws('|', last_seq, last_activity_at, last_message_id, last_sender_id,"
                + " last_body, last_reply_to, last_created_at, last_edited_at, last_deleted)"
                + " FROM inbox_conversation WHERE conversation_id = ?",
            String.class,
            c));
    rows.addAll(
        jdbc.queryForList(
            "SELECT concat_ws('|', user_id, read_seq) FROM inbox_entry"
                + " WHERE conversation_id = ? ORDER BY user_id",
            String.class,
            c));
    rows.addAll(
        jdbc.queryForList(
            "SELECT seq::text FROM inbox_deleted_message WHERE conversation_id = ? ORDER BY seq",
            String.class,
            c));
    return rows;
  }

  @Test
  void unreadCountsSkipOwnMessagesDeletedMessagesAndWhatWasRead() {
    UUID c = UUID.randomUUID();
    events.publish(conversation(c));

    assertThat(item(alice, c).unreadCount()).isEqualTo(1);
    assertThat(item(alice, c).readSeq()).isEqualTo(3);
    assertThat(item(bob, c).unreadCount()).isZero();
    assertThat(item(carol, c).unreadCount()).isEqualTo(2);
    Inbox.Item carols = item(carol, c);
    assertThat(carols.lastSeq()).isEqualTo(4);
    assertThat(carols.lastMessage().body()).isEqualTo("edited 4");
    assertThat(carols.lastMessage().editedAt()).isEqualTo(T.plusSeconds(7));
    assertThat(carols.lastActivityAt()).isEqualTo(T.plusSeconds(4));
  }

  @Test
  void aDeletedLastMessageShowsAsATombstoneAndIsNoLongerUnread() {
    UUID c = UUID.randomUUID();
    events.publish(conversation(c));
    events.publish(new MessageDeletedEvent(c, 4, 1004, bob, T.plusSeconds(8)));

    Inbox.Item carols = item(carol, c);
    assertThat(carols.lastMessage().deleted()).isTrue();
    assertThat(carols.lastMessage().body()).isNull();
    assertThat(carols.unreadCount()).isEqualTo(1);
    assertThat(item(alice, c).unreadCount()).isZero();
  }

  @Test
  void readMarkersOnlyMoveForward() {
    UUID c = UUID.randomUUID();
    events.publish(conversation(c));
    events.publish(
        new ReadMarkerMovedEvent(c, carol, 4, T.plusSeconds(9)),
        new ReadMarkerMovedEvent(c, carol, 2, T.plusSeconds(10)));

    assertThat(item(carol, c).readSeq()).isEqualTo(4);
    assertThat(item(carol, c).unreadCount()).isZero();
  }

  @Test
  void aMemberAddedLaterStartsCaughtUpAndARemovedMemberLosesTheEntry() {
    UUID c = UUID.randomUUID();
    UUID dave = UUID.randomUUID();
    events.publish(conversation(c));
    events.publish(
        new MemberAddedEvent(c, alice, dave, MemberRole.MEMBER, T.plusSeconds(9)),
        sent(c, 5, alice, T.plusSeconds(10)),
        new MemberRemovedEvent(c, alice, carol, T.plusSeconds(11)));

    assertThat(item(dave, c).readSeq()).isEqualTo(4);
    assertThat(item(dave, c).unreadCount()).isEqualTo(1);
    assertThat(inbox.page(carol, 200, null).items()).noneMatch(i -> i.conversationId().equals(c));
  }

  @Test
  void applyingEveryEventTwiceOrTheWholeHistoryAgainLeavesTheSameRows() {
    UUID once = UUID.randomUUID();
    UUID twice = UUID.randomUUID();
    events.publish(conversation(once));
    List<Object> doubled = new ArrayList<>();
    conversation(twice).forEach(e -> doubled.addAll(List.of(e, e)));
    events.publish(doubled);
    List<String> expected = rows(once);

    events.publish(conversation(once));

    assertThat(rows(twice)).isEqualTo(expected).hasSize(5);
    assertThat(rows(once)).isEqualTo(expected);
  }

  /**
   * Postgres refuses a NUL character in text: the inbox's batched update fails, the batch rolls
   * back and is retried with its conversations isolated (docs/adr/0062). The message and the rest
   * of its conversation are parked; every other event of the batch applies as in a clean run.
   */
  @Test
  void aMessageTheInboxCannotStoreIsParkedWhileTheRestOfItsBatchApplies() {
    UUID clean = UUID.randomUUID();
    events.publish(conversation(clean));
    UUID neighbour = UUID.randomUUID();
    UUID poisoned = UUID.randomUUID();
    List<Object> neighbours = conversation(neighbour);
    List<Object> batch = new ArrayList<>(created(poisoned, T, alice, bob));
    batch.addAll(neighbours.subList(0, 6));
    batch.add(
        new MessageSentEvent(
            // no time: the inbox cannot apply it (ill-formed text no longer poisons, ADR 0080)
            poisoned, 1, 7001, bob, UUID.randomUUID(), "poisoned", null, null));
    batch.add(new ReadMarkerMovedEvent(poisoned, alice, 1, T.plusSeconds(2)));
    batch.addAll(neighbours.subList(6, neighbours.size()));

    events.publish(batch);

    assertThat(rows(neighbour)).isEqualTo(rows(clean)).hasSize(5);
    SequencedDeadLetterQueue<EventMessage<?>> parked =
        processing.deadLetterQueue("inbox").orElseThrow();
    try {
      // Distinct: a processor restarted by another test may have run the batch twice.
      assertThat(
              StreamSupport.stream(
                      parked.deadLetterSequence(poisoned.toString()).spliterator(), false)
                  .map(letter -> letter.message().getPayloadType().getSimpleName())
                  .distinct())
          .containsExactly("MessageSentEvent", "ReadMarkerMovedEvent");
      assertThat(rows(poisoned)).first().asString().startsWith("0|");
      assertThat(item(alice, poisoned).readSeq()).isZero();
    } finally {
      parked.deadLetterSequence(poisoned.toString()).forEach(parked::evict);
    }
  }

  @Test
  void aDirectConversationNamesTheOtherUserAsPeer() {
    UUID c = UUID.randomUUID();
    String suffix = c.toString().substring(0, 8);
    Attachment avatar =
        new Attachment(UUID.randomUUID(), "me.png", "image/png", 10, "ee".repeat(32), 8, 8, true);
    events.publish(
        new AccountRegisteredEvent(alice, "alice" + suffix, "Alice", T),
        new AccountRegisteredEvent(bob, "bob" + suffix, "Bob", T),
        new AvatarChangedEvent(alice, avatar, T),
        new DirectConversationOpenedEvent(c, alice, bob, T),
        new MemberAddedEvent(c, alice, alice, MemberRole.MEMBER, T),
        new MemberAddedEvent(c, alice, bob, MemberRole.MEMBER, T),
        sent(c, 1, alice, T.plusSeconds(1)));

    Inbox.Item bobs = item(bob, c);
    assertThat(bobs.kind()).isEqualTo("direct");
    assertThat(bobs.name()).isNull();
    assertThat(bobs.peer())
        .isEqualTo(new Inbox.Peer(alice, "alice" + suffix, "Alice", avatar.attachmentId()));
    assertThat(item(alice, c).peer().avatarId()).isNull();
    assertThat(bobs.unreadCount()).isEqualTo(1);
    assertThat(item(alice, c).peer().userId()).isEqualTo(bob);
    assertThat(item(alice, c).unreadCount()).isZero();
  }

  @Test
  void theLastMessageCarriesItsAttachmentsThroughAnEditButNotADeletion() {
    UUID c = UUID.randomUUID();
    UUID picture = UUID.randomUUID();
    Attachment photo =
        new Attachment(
            UUID.randomUUID(), "photo.jpg", "image/jpeg", 1234, "ab".repeat(32), 640, 480, true);
    Attachment notes =
        new Attachment(
            UUID.randomUUID(), "notes.txt", "text/plain", 12, "cd".repeat(32), null, null, false);
    List<Object> history = created(c, T, alice, bob);
    history.add(
        new MessageSentEvent(
            c,
            1,
            1001,
            alice,
            UUID.randomUUID(),
            "",
            null,
            T.plusSeconds(1),
            List.of(photo, notes)));
    history.add(new MessageEditedEvent(c, 1, 1001, alice, "look", T.plusSeconds(2)));
    history.add(
        new GroupPictureChangedEvent(
            c,
            alice,
            new Attachment(picture, "g.png", "image/png", 5, "ff".repeat(32), 4, 4, true),
            T.plusSeconds(3)));
    events.publish(history);

    Inbox.Item bobs = item(bob, c);
    assertThat(bobs.lastMessage().attachments()).containsExactly(photo, notes);
    assertThat(bobs.lastMessage().body()).isEqualTo("look");
    assertThat(bobs.pictureId()).isEqualTo(picture);

    events.publish(new MessageDeletedEvent(c, 1, 1001, alice, T.plusSeconds(4)));
    assertThat(item(bob, c).lastMessage().attachments()).isEmpty();
    assertThat(
            jdbc.queryForObject(
                "SELECT last_attachments IS NULL FROM inbox_conversation WHERE conversation_id = ?",
                Boolean.class,
                c))
        .isTrue();
  }

  @Test
  void theInboxListsNewestActivityFirstInPagesWithoutGapOrOverlap() {
    UUID erin = UUID.randomUUID();
    List<UUID> newestFirst = new ArrayList<>();
    List<Object> history = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      UUID c = UUID.randomUUID();
      history.addAll(created(c, T.plusSeconds(i), erin));
      newestFirst.add(0, c);
    }
    // The oldest conversation gets a message last: it moves to the top.
    UUID oldest = newestFirst.remove(newestFirst.size() - 1);
    history.add(sent(oldest, 1, alice, T.plusSeconds(100)));
    newestFirst.add(0, oldest);
    events.publish(history);

    List<UUID> seen = new ArrayList<>();
    Inbox.After after = null;
    do {
      Inbox.Page page = inbox.page(erin, 3, after);
      page.items().forEach(i -> seen.add(i.conversationId()));
      after = page.nextCursor() == null ? null : Inbox.parseCursor(page.nextCursor());
    } while (after != null);

    assertThat(seen).containsExactlyElementsOf(newestFirst);
  }
}
