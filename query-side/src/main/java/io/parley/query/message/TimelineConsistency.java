package io.parley.query.message;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
import io.parley.support.admin.ReadModelVerifier;
import io.parley.support.admin.RowComparison;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks the CQL timeline against the event log, one conversation at a time (memory bounded by the
 * largest conversation): every message row, its body, tombstone, edit time, reply and reaction
 * counts, attachments, and each conversation's head seq. Reports each difference and a digest of
 * both sides.
 */
@Component
class TimelineConsistency implements ReadModelVerifier {
  private record Expected(
      long messageId,
      UUID senderId,
      String body,
      Long replyTo,
      boolean deleted,
      Instant editedAt,
      Map<String, Set<UUID>> reactions,
      List<Attachment> attachments) {}

  private final EventStore events;
  private final JdbcTemplate jdbc;
  private final CqlSession session;
  private final PreparedStatement bucket;
  private final PreparedStatement head;

  TimelineConsistency(EventStore events, JdbcTemplate jdbc, CqlSession session) {
    this.events = events;
    this.jdbc = jdbc;
    this.session = session;
    this.bucket =
        session.prepare(
            "SELECT seq, message_id, sender_id, body, reply_to_message_id, deleted, edited_at,"
                + " reactions, attachments, ciphertext FROM messages_by_conversation WHERE conversation_id = ? AND bucket = ?");
    this.head =
        session.prepare(
            "SELECT last_seq FROM conversation_timeline_head WHERE conversation_id = ?");
  }

  @Override
  public String processor() {
    return MessageTimelineProjection.GROUP;
  }

  @Override
  public Report verify() {
    RowComparison comparison = new RowComparison(processor());
    for (UUID conversationId : conversations()) {
      SortedMap<Long, String> expected = new TreeMap<>();
      expected(conversationId)
          .forEach((seq, message) -> expected.put(seq, canonical(seq, message)));
      long lastSeq = expected.isEmpty() ? 0 : expected.lastKey();
      Row headRow = session.execute(head.bind(conversationId)).one();
      long actualHead = headRow == null || headRow.isNull(0) ? 0 : headRow.getLong(0);
      comparison.row(conversationId + " head", String.valueOf(lastSeq), String.valueOf(actualHead));
      SortedMap<Long, String> actual = new TreeMap<>();
      long maxSeq = Math.max(lastSeq, actualHead);
      for (int b = 0; maxSeq > 0 && b <= TimelineBuckets.of(maxSeq); b++) {
        for (Row row : session.execute(bucket.bind(conversationId, b))) {
          actual.put(row.getLong("seq"), canonical(row));
        }
      }
      comparison.table(conversationId + " seq", expected, actual);
    }
    return comparison.report();
  }

  /** Conversations known to the log (JDBC event store) or to the timeline. */
  private Set<UUID> conversations() {
    Set<UUID> ids = new HashSet<>();
    jdbc.queryForList(
            "SELECT DISTINCT aggregateidentifier FROM domainevententry WHERE type = 'Conversation'",
            String.class)
        .forEach(id -> ids.add(UUID.fromString(id)));
    session
        .execute("SELECT conversation_id FROM conversation_timeline_head")
        .forEach(row -> ids.add(row.getUuid(0)));
    return new TreeSet<>(ids);
  }

  private SortedMap<Long, Expected> expected(UUID conversationId) {
    SortedMap<Long, Expected> messages = new TreeMap<>();
    events
        .readEvents(conversationId.toString(), 0)
        .asStream()
        .map(DomainEventMessage::getPayload)
        .forEach(
            payload -> {
              if (payload instanceof MessageSentEvent e) {
                messages.put(
                    e.seq(),
                    new Expected(
                        e.messageId(),
                        e.senderId(),
                        content(e.body(), e.ciphertext()),
                        e.replyToMessageId(),
                        false,
                        null,
                        new TreeMap<>(),
                        e.attachments()));
              } else if (payload instanceof MessageEditedEvent e && messages.containsKey(e.seq())) {
                Expected m = messages.get(e.seq());
                messages.put(
                    e.seq(),
                    new Expected(
                        m.messageId(),
                        m.senderId(),
                        content(e.body(), e.ciphertext()),
                        m.replyTo(),
                        m.deleted(),
                        e.editedAt(),
                        m.reactions(),
                        m.attachments()));
              } else if (payload instanceof MessageDeletedEvent e
                  && messages.containsKey(e.seq())) {
                Expected m = messages.get(e.seq());
                messages.put(
                    e.seq(),
                    new Expected(
                        m.messageId(),
                        m.senderId(),
                        null,
                        m.replyTo(),
                        true,
                        m.editedAt(),
                        new TreeMap<>(),
                        List.of()));
              } else if (payload instanceof ReactionAddedEvent e && messages.containsKey(e.seq())) {
                messages
                    .get(e.seq())
                    .reactions()
                    .computeIfAbsent(e.emoji(), k -> new HashSet<>())
                    .add(e.userId());
              } else if (payload instanceof ReactionRemovedEvent e
                  && messages.containsKey(e.seq())) {
                Set<UUID> users = messages.get(e.seq()).reactions().get(e.emoji());
                if (users != null) {
                  users.remove(e.userId());
                  if (users.isEmpty()) {
                    messages.get(e.seq()).reactions().remove(e.emoji());
                  }
                }
              }
            });
    return messages;
  }

  private static String canonical(long seq, Expected m) {
    Map<String, Integer> counts = new TreeMap<>();
    if (!m.deleted()) {
      m.reactions().forEach((emoji, users) -> counts.put(emoji, users.size()));
    }
    return line(
        seq,
        m.messageId(),
        m.senderId(),
        m.body(),
        m.replyTo(),
        m.deleted(),
        m.editedAt(),
        counts,
        m.deleted() ? List.of() : m.attachments());
  }

  private static String canonical(Row row) {
    Map<String, Integer> counts = new TreeMap<>(row.get("reactions", CqlTypes.REACTIONS));
    counts.values().removeIf(count -> count == null || count == 0);
    return line(
        row.getLong("seq"),
        row.getLong("message_id"),
        row.getUuid("sender_id"),
        content(row.getString("body"), row.getString("ciphertext")),
        row.isNull("reply_to_message_id") ? null : row.getLong("reply_to_message_id"),
        !row.isNull("deleted") && row.getBoolean("deleted"),
        row.getInstant("edited_at"),
        counts,
        AttachmentsJson.read(row.getString("attachments")));
  }

  /** What a message says: its body, or in an encrypted conversation its ciphertext. */
  private static String content(String body, String ciphertext) {
    return body == null && ciphertext != null ? "<ciphertext>" + ciphertext : body;
  }

  private static String line(
      long seq,
      long messageId,
      UUID senderId,
      String body,
      Long replyTo,
      boolean deleted,
      Instant editedAt,
      Map<String, Integer> reactions,
      List<Attachment> attachments) {
    return seq
        + "|"
        + messageId
        + "|"
        + senderId
        + "|"
        + (deleted ? "<deleted>" : body)
        + "|"
        + replyTo
        + "|"
        // A CQL timestamp holds milliseconds (the driver truncates); events carry nanoseconds.
        + (editedAt == null ? null : editedAt.truncatedTo(ChronoUnit.MILLIS))
        + "|"
        + reactions
        + "|"
        + AttachmentsJson.write(attachments);
  }
}
