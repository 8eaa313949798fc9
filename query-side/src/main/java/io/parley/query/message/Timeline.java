package io.parley.query.message;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.events.message.MessageView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Repository;

/** Reads pages of a conversation's timeline across buckets, by seq, never by offset. */
@Repository
class Timeline {
  record Page(List<MessageView> items, Long nextCursor) {}

  /** In the order {@link #view} reads them. */
  private static final String COLUMNS =
      "seq, message_id, sender_id, body, reply_to_message_id, created_at, edited_at, deleted,"
          + " reactions, attachments, mentions, mentions_everyone, ciphertext";

  /** Conversations whose newest seq this process remembers, at most (a lower bound each). */
  private static final int KNOWN_HEADS = 100_000;

  private final CqlSession session;
  private final Map<UUID, Long> knownHeads = new ConcurrentHashMap<>();
  private final PreparedStatement head;
  private final PreparedStatement olderOrEqual;
  private final PreparedStatement newer;

  Timeline(CqlSession session) {
    this.session = session;
    this.head =
        session.prepare(
            "SELECT last_seq FROM conversation_timeline_head WHERE conversation_id = ?");
    this.olderOrEqual =
        session.prepare(
            "SELECT "
                + COLUMNS
                + " FROM messages_by_conversation WHERE conversation_id = ? AND bucket = ?"
                + " AND seq <= ? LIMIT ?");
    this.newer =
        session.prepare(
            "SELECT "
                + COLUMNS
                + " FROM messages_by_conversation WHERE conversation_id = ? AND bucket = ?"
                + " AND seq > ? ORDER BY seq ASC LIMIT ?");
  }

  long lastSeq(UUID conversationId) {
    Row row = session.execute(head.bind(conversationId)).one();
    long last = row == null || row.isNull(0) ? 0 : row.getLong(0);
    remember(conversationId, last);
    return last;
  }

  /** Up to {@code limit} messages with seq below {@code before} (or the newest), ascending. */
  Page before(UUID conversationId, Long before, int limit) {
    List<MessageView> newestFirst = new ArrayList<>(limit);
    long cursor;
    if (before == null && newestFromKnownHead(conversationId, limit, newestFirst)) {
      cursor = (long) TimelineBuckets.of(newestFirst.get(0).seq()) * TimelineBuckets.SIZE;
    } else {
      cursor =
          before == null ? lastSeq(conversationId) : Math.min(before - 1, lastSeq(conversationId));
    }
    while (cursor >= 1 && newestFirst.size() < limit) {
      int bucket = TimelineBuckets.of(cursor);
      for (Row row :
          session.execute(
              olderOrEqual.bind(conversationId, bucket, cursor, limit - newestFirst.size()))) {
        newestFirst.add(view(conversationId, row));
      }
      cursor = (long) bucket * TimelineBuckets.SIZE; // last seq of the previous bucket
    }
    Collections.reverse(newestFirst);
    Long next =
        newestFirst.isEmpty() || newestFirst.get(0).seq() <= 1 ? null : newestFirst.get(0).seq();
    return new Page(newestFirst, next);
  }

  /**
   * The newest page's first bucket read without the head row (docs/adr/0198): from the bucket of
   * the newest seq this process has seen, found newest first, and the next bucket while the one
   * read is full to its end. Seqs are written without gaps and rows are never removed, so the
   * newest row found there is the conversation's newest. Fills {@code into} and answers true, or
   * answers false (reading the head instead) when nothing is known or the rows fall short of what
   * was known, as after a rebuild truncated the table.
   */
  private boolean newestFromKnownHead(UUID conversationId, int limit, List<MessageView> into) {
    Long known = knownHeads.get(conversationId);
    if (known == null || known < 1) {
      return false;
    }
    int bucket = TimelineBuckets.of(known);
    List<MessageView> rows = newestOf(conversationId, bucket, limit);
    if (rows.isEmpty() || rows.get(0).seq() < known) {
      knownHeads.remove(conversationId);
      return false;
    }
    while (rows.get(0).seq() == (long) (bucket + 1) * TimelineBuckets.SIZE) {
      List<MessageView> newer = newestOf(conversationId, bucket + 1, limit);
      if (newer.isEmpty()) {
        break;
      }
      bucket++;
      rows = newer;
    }
    into.addAll(rows);
    remember(conversationId, rows.get(0).seq());
    return true;
  }

  private List<MessageView> newestOf(UUID conversationId, int bucket, int limit) {
    List<MessageView> rows = new ArrayList<>(limit);
    for (Row row :
        session.execute(olderOrEqual.bind(conversationId, bucket, Long.MAX_VALUE, limit))) {
      rows.add(view(conversationId, row));
    }
    return rows;
  }

  /** Keeps a lower bound of the conversation's newest seq; forgets all at the bound. */
  private void remember(UUID conversationId, long last) {
    if (last < 1) {
      return;
    }
    if (knownHeads.size() >= KNOWN_HEADS) {
      knownHeads.clear();
    }
    knownHeads.merge(conversationId, last, Math::max);
  }

  /** Up to {@code limit} messages with seq above {@code after}, ascending. */
  Page after(UUID conversationId, long after, int limit) {
    long last = lastSeq(conversationId);
    List<MessageView> items = new ArrayList<>(limit);
    long cursor = after;
    while (cursor < last && items.size() < limit) {
      int bucket = TimelineBuckets.of(cursor + 1);
      for (Row row :
          session.execute(newer.bind(conversationId, bucket, cursor, limit - items.size()))) {
        items.add(view(conversationId, row));
      }
      cursor = (long) (bucket + 1) * TimelineBuckets.SIZE; // last seq of this bucket
    }
    Long next =
        items.isEmpty() || items.get(items.size() - 1).seq() >= last
            ? null
            : items.get(items.size() - 1).seq();
    return new Page(items, next);
  }

  /**
   * Reads columns by their position in {@link #COLUMNS}, not by name: the page-read profile
   * (docs/perf/history.md) spent a fifth of its samples in this method, which resolves nine names
   * for each of fifty rows when it looks them up by name; and with its codecs named ({@link
   * CqlTypes}).
   */
  private static MessageView view(UUID conversationId, Row row) {
    boolean deleted = CqlTypes.bool(row, 7);
    return new MessageView(
        CqlTypes.bigint(row, 1),
        conversationId,
        CqlTypes.bigint(row, 0),
        CqlTypes.uuid(row, 2),
        deleted ? null : CqlTypes.text(row, 3),
        row.isNull(4) ? null : CqlTypes.bigint(row, 4),
        CqlTypes.timestamp(row, 5),
        CqlTypes.timestamp(row, 6),
        deleted,
        row.isNull(8) ? Map.of() : Map.copyOf(row.get(8, CqlTypes.REACTIONS)),
        deleted ? List.of() : AttachmentsJson.read(CqlTypes.text(row, 9)),
        row.isNull(10) ? List.of() : row.get(10, CqlTypes.UUIDS),
        CqlTypes.bool(row, 11),
        deleted ? null : CqlTypes.text(row, 12));
  }
}
