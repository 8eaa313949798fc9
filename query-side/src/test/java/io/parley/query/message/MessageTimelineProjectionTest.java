package io.parley.query.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.MessageView;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ProjectionTest
class MessageTimelineProjectionTest {
  static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

  @Autowired PublishedEvents events;
  @Autowired Timeline timeline;
  @Autowired CqlSession cql;
  @Autowired MessageTimelineProjection projection;
  @Autowired EventProcessingConfiguration processing;

  final UUID ann = UUID.randomUUID();
  final UUID ben = UUID.randomUUID();

  static MessageSentEvent sent(UUID c, long seq, UUID sender) {
    return new MessageSentEvent(
        c, seq, 5000 + seq, sender, UUID.randomUUID(), "body " + seq, null, T.plusMillis(seq));
  }

  /** Three messages; 1 is edited and reacted to, 2 is deleted after a reaction. */
  List<Object> history(UUID c) {
    return List.of(
        sent(c, 1, ann),
        sent(c, 2, ben),
        new MessageSentEvent(c, 3, 5003, ben, UUID.randomUUID(), "re", 5001L, T.plusSeconds(3)),
        new MessageEditedEvent(c, 1, 5001, ann, "body 1, edited", T.plusSeconds(4)),
        new ReactionAddedEvent(c, 1, 5001, ann, "👍", T.plusSeconds(5)),
        new ReactionAddedEvent(c, 1, 5001, ben, "👍", T.plusSeconds(6)),
        new ReactionAddedEvent(c, 1, 5001, ann, "🎉", T.plusSeconds(7)),
        new ReactionAddedEvent(c, 1, 5001, ben, "🎉", T.plusSeconds(8)),
        new ReactionRemovedEvent(c, 1, 5001, ann, "🎉", T.plusSeconds(9)),
        new ReactionAddedEvent(c, 2, 5002, ann, "😂", T.plusSeconds(10)),
        new MessageDeletedEvent(c, 2, 5002, ben, T.plusSeconds(11)));
  }

  /** The rows as the API shows them, without the conversation id. */
  List<String> rows(UUID c) {
    List<String> rows = new ArrayList<>();
    for (MessageView m : timeline.after(c, 0, 200).items()) {
      rows.add(
          List.of(
                  m.seq(),
                  m.messageId(),
                  m.senderId(),
                  String.valueOf(m.body()),
                  String.valueOf(m.replyToMessageId()),
                  m.createdAt(),
                  String.valueOf(m.editedAt()),
                  m.deleted(),
                  new java.util.TreeMap<>(m.reactions()))
              .toString());
    }
    cql.execute(
            "SELECT emoji, user_id FROM reactions_by_message WHERE conversation_id = ?"
                + " AND seq IN (1, 2, 3)",
            c)
        .forEach(r -> rows.add(r.getString(0) + " " + r.getUuid(1)));
    return rows;
  }

  @Test
  void editsDeletesAndReactionsShowInTheHistory() {
    UUID c = UUID.randomUUID();
    events.publish(history(c));

    List<MessageView> items = timeline.after(c, 0, 50).items();
    assertThat(items).extracting(MessageView::seq).containsExactly(1L, 2L, 3L);
    MessageView first = items.get(0);
    assertThat(first.body()).isEqualTo("body 1, edited");
    assertThat(first.editedAt()).isEqualTo(T.plusSeconds(4));
    assertThat(first.reactions()).isEqualTo(Map.of("👍", 2, "🎉", 1));
    MessageView deleted = items.get(1);
    assertThat(deleted.deleted()).isTrue();
    assertThat(deleted.body()).isNull();
    assertThat(deleted.reactions()).isEmpty();
    assertThat(items.get(2).replyToMessageId()).isEqualTo(5001L);
    assertThat(items.get(2).deleted()).isFalse();
  }

  @Test
  void aMessageKeepsItsAttachmentsThroughAnEditAndShowsNoneOnceDeleted() throws Exception {
    UUID c = UUID.randomUUID();
    Attachment photo =
        new Attachment(
            UUID.randomUUID(), "photo.jpg", "image/jpeg", 1234, "ab".repeat(32), 640, 480, true);
    Attachment notes =
        new Attachment(
            UUID.randomUUID(), "nötes.txt", "text/plain", 12, "cd".repeat(32), null, null, false);
    MessageSentEvent withFiles =
        new MessageSentEvent(
            c, 1, 5001, ann, UUID.randomUUID(), "", null, T, List.of(photo, notes));
    MessageSentEvent gone =
        new MessageSentEvent(c, 2, 5002, ann, UUID.randomUUID(), "x", null, T, List.of(photo));
    List<Object> history =
        List.of(
            withFiles,
            gone,
            sent(c, 3, ben),
            new MessageEditedEvent(c, 1, 5001, ann, "the files", T.plusSeconds(1)),
            new MessageDeletedEvent(c, 2, 5002, ann, T.plusSeconds(2)));
    events.publish(history);

    List<MessageView> items = timeline.before(c, null, 50).items();
    assertThat(items.get(0).attachments()).containsExactly(photo, notes);
    assertThat(items.get(0).body()).isEqualTo("the files");
    assertThat(items.get(1).attachments()).isEmpty();
    assertThat(items.get(2).attachments()).isEmpty();

    // The send applied again after its deletion (a retried batch) does not bring them back.
    new AnnotationEventHandlerAdapter(projection)
        .handle(new GenericDomainEventMessage<>("Conversation", c.toString(), 1, gone));
    assertThat(
            cql.execute(
                    "SELECT attachments FROM messages_by_conversation WHERE conversation_id = ?"
                        + " AND bucket = 0 AND seq = 2",
                    c)
                .one()
                .isNull(0))
        .isTrue();
    assertThat(timeline.after(c, 1, 1).items().get(0).attachments()).isEmpty();
  }

  /**
   * A parked event retried after later ones (or a batch redelivered after a failure) applies an old
   * event once more, with its own sequence number: the later edit, delete and reactions stay.
   */
  @Test
  void anOldEventAppliedAgainAfterLaterOnesChangesNothing() throws Exception {
    UUID c = UUID.randomUUID();
    List<Object> history = history(c);
    events.publish(history);
    List<String> settled = rows(c);

    AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(projection);
    for (int version = 0; version < history.size(); version++) {
      handler.handle(
          new GenericDomainEventMessage<>(
              "Conversation", c.toString(), version, history.get(version)));
    }
    for (int version = history.size() - 1; version >= 0; version--) {
      handler.handle(
          new GenericDomainEventMessage<>(
              "Conversation", c.toString(), version, history.get(version)));
    }

    assertThat(rows(c)).isEqualTo(settled);
  }

  /**
   * A message larger than the node takes (its mutation limit is half the 8 MiB commit log segment)
   * fails its batch's writes; the batch is retried with those events isolated (docs/adr/0062): the
   * message and the rest of its conversation are parked, every other event of the batch applies.
   */
  @Test
  void aMessageTooLargeToStoreIsParkedWhileTheRestOfItsBatchApplies() {
    UUID clean = UUID.randomUUID();
    events.publish(history(clean));
    UUID neighbour = UUID.randomUUID();
    UUID poisoned = UUID.randomUUID();
    List<Object> neighbours = history(neighbour);
    List<Object> batch = new ArrayList<>(neighbours.subList(0, 4));
    batch.add(
        new MessageSentEvent(
            poisoned, 1, 9001, ann, UUID.randomUUID(), "x".repeat(5 << 20), null, T));
    batch.add(sent(poisoned, 2, ben));
    batch.addAll(neighbours.subList(4, neighbours.size()));

    events.publish(batch);

    assertThat(rows(neighbour)).isEqualTo(rows(clean)).hasSize(6);
    SequencedDeadLetterQueue<EventMessage<?>> parked =
        processing.deadLetterQueue(MessageTimelineProjection.GROUP).orElseThrow();
    try {
      // Distinct: a processor restarted by another test may have run the batch twice.
      assertThat(
              StreamSupport.stream(
                      parked.deadLetterSequence(poisoned.toString()).spliterator(), false)
                  .map(letter -> ((MessageSentEvent) letter.message().getPayload()).seq())
                  .distinct())
          .containsExactly(1L, 2L);
      assertThat(timeline.after(poisoned, 0, 10).items()).noneMatch(m -> m.seq() == 1);
    } finally {
      parked.deadLetterSequence(poisoned.toString()).forEach(parked::evict);
    }
  }

  /**
   * The log may hold text no UTF-8 encoder can write (a lone surrogate accepted before the edge
   * refused it, docs/adr/0080): it is stored repaired, and its conversation goes on.
   */
  @Test
  void aMessageWithALoneSurrogateIsStoredRepairedAndItsLaterMessagesFollow() {
    UUID c = UUID.randomUUID();
    events.publish(
        new MessageSentEvent(c, 1, 8001, ann, UUID.randomUUID(), "bad \ud800 x", null, T),
        new MessageEditedEvent(c, 1, 8001, ann, "\udc00\u0000", T.plusSeconds(1)),
        sent(c, 2, ben),
        sent(c, 3, ann));

    List<MessageView> items = timeline.after(c, 0, 10).items();
    assertThat(items).extracting(MessageView::seq).containsExactly(1L, 2L, 3L);
    assertThat(items.get(0).body()).isEqualTo("\uFFFD\uFFFD");
    assertThat(
            processing
                .deadLetterQueue(MessageTimelineProjection.GROUP)
                .orElseThrow()
                .deadLetterSequence(c.toString()))
        .isEmpty();
  }

  @Test
  void aUserAddingTheSameReactionTwiceCountsOnce() {
    UUID c = UUID.randomUUID();
    events.publish(
        sent(c, 1, ann),
        new ReactionAddedEvent(c, 1, 5001, ann, "👍", T.plusSeconds(1)),
        new ReactionAddedEvent(c, 1, 5001, ann, "👍", T.plusSeconds(2)),
        new ReactionRemovedEvent(c, 1, 5001, ben, "👍", T.plusSeconds(3)));

    assertThat(timeline.after(c, 0, 1).items().get(0).reactions()).isEqualTo(Map.of("👍", 1));
  }

  @Test
  void applyingEveryEventTwiceOrTheWholeHistoryAgainLeavesTheSameRows() {
    UUID once = UUID.randomUUID();
    UUID twice = UUID.randomUUID();
    events.publish(history(once));
    List<Object> doubled = new ArrayList<>();
    history(twice).forEach(e -> doubled.addAll(List.of(e, e)));
    events.publish(doubled);
    List<String> expected = rows(once);

    events.publish(history(once));

    assertThat(rows(twice)).isEqualTo(expected).hasSize(6);
    assertThat(rows(once)).isEqualTo(expected);
  }

  @Test
  void tenThousandMessagesPageBackAndForthAcrossBucketsWithoutGapOrDuplicate() {
    UUID c = UUID.randomUUID();
    int total = 10_000;
    for (int from = 1; from <= total; from += 1000) {
      List<Object> batch = new ArrayList<>();
      for (long seq = from; seq < from + 1000; seq++) {
        batch.add(sent(c, seq, seq % 2 == 0 ? ann : ben));
      }
      events.publish(batch);
    }
    List<Long> all = LongStream.rangeClosed(1, total).boxed().toList();

    List<Long> backwards = new ArrayList<>();
    Long before = null;
    do {
      Timeline.Page page = timeline.before(c, before, 173);
      assertThat(page.items()).extracting(MessageView::seq).isSorted();
      backwards.addAll(0, page.items().stream().map(MessageView::seq).toList());
      before = page.nextCursor();
    } while (before != null);
    assertThat(backwards).isEqualTo(all);

    List<Long> forwards = new ArrayList<>();
    long after = 0;
    Long next;
    do {
      Timeline.Page page = timeline.after(c, after, 199);
      forwards.addAll(page.items().stream().map(MessageView::seq).toList());
      next = page.nextCursor();
      after = next == null ? after : next;
    } while (next != null);
    assertThat(forwards).isEqualTo(all);

    assertThat(timeline.before(c, 1005L, 10).items())
        .extracting(MessageView::seq)
        .containsExactly(995L, 996L, 997L, 998L, 999L, 1000L, 1001L, 1002L, 1003L, 1004L);
    assertThat(timeline.after(c, 9995, 200).nextCursor()).isNull();
    assertThat(timeline.before(c, 1L, 50).items()).isEmpty();
  }

  /**
   * The newest page is read from the newest seq this process saw, without the head row, and still
   * follows the conversation across bucket boundaries, and back to the head row when the rows fall
   * short of what it saw (docs/adr/0198).
   */
  @Test
  void theNewestPageFollowsNewMessagesAcrossBucketsAndSurvivesARebuiltTimeline() {
    UUID c = UUID.randomUUID();
    publishSent(c, 1, 999);
    assertThat(newest(c, 50)).isEqualTo(range(950, 999)); // the head row read: 999 known

    publishSent(c, 1_000, 1_001); // bucket 0 fills up, bucket 1 starts
    assertThat(newest(c, 50)).isEqualTo(range(952, 1_001));
    publishSent(c, 1_002, 3_005); // two buckets on
    assertThat(newest(c, 50)).isEqualTo(range(2_956, 3_005));
    assertThat(newest(c, 10)).isEqualTo(range(2_996, 3_005));
    publishSent(c, 3_006, 4_000); // ends exactly on a bucket's last seq
    assertThat(newest(c, 3)).isEqualTo(range(3_998, 4_000));
    assertThat(timeline.before(c, null, 3).nextCursor()).isEqualTo(3_998L);

    // a rebuild truncated this conversation's rows and has projected only the first ten again
    // (written here after the deletions' timestamps, as a TRUNCATE leaves none)
    cql.execute(
        "DELETE FROM messages_by_conversation WHERE conversation_id = ? AND bucket IN (0, 1, 2, 3)",
        c);
    cql.execute("DELETE FROM conversation_timeline_head WHERE conversation_id = ?", c);
    cql.execute("UPDATE conversation_timeline_head SET last_seq = 10 WHERE conversation_id = ?", c);
    for (long seq = 1; seq <= 10; seq++) {
      MessageSentEvent m = sent(c, seq, ann);
      cql.execute(
          "INSERT INTO messages_by_conversation (conversation_id, bucket, seq, message_id,"
              + " sender_id, body, created_at, deleted) VALUES (?, 0, ?, ?, ?, ?, ?, false)",
          c,
          m.seq(),
          m.messageId(),
          m.senderId(),
          m.body(),
          m.sentAt());
    }
    assertThat(newest(c, 50)).isEqualTo(range(1, 10));
  }

  private void publishSent(UUID c, long from, long to) {
    List<Object> batch = new ArrayList<>();
    for (long seq = from; seq <= to; seq++) {
      batch.add(sent(c, seq, ann));
    }
    events.publish(batch);
  }

  private List<Long> newest(UUID c, int limit) {
    return timeline.before(c, null, limit).items().stream().map(MessageView::seq).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
