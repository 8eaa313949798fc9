package io.parley.query.message;

import io.parley.query.consistency.ReadBarrier;
import io.parley.query.conversation.Conversations;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The checks of a history page read in one Postgres round trip (docs/adr/0223): the {@link
 * ReadBarrier}'s look at the conversation's newest events in the log and whether the reader may see
 * the conversation were two statements, one after the other, before the page's CQL read. Here one
 * statement asks both.
 *
 * <p>The permission read that way is used only when read-model positions known <em>before</em> the
 * statement began already cover every event of the conversation the barrier targets: the directory
 * had then committed them, so the statement saw its rows. Otherwise the barrier waits as it always
 * did and the permission is asked again after it.
 */
@Component
class HistoryReads {
  /**
   * The permission and the conversation's newest events in the log, in one round trip: one row per
   * event, newest first, or a single row with no event.
   */
  private static final String TOGETHER =
      "SELECT ("
          + Conversations.VISIBLE_QUERY
          + ") AS visible, r.globalindex, r.payloadtype FROM (SELECT 1) AS one"
          + " LEFT JOIN LATERAL ("
          + ReadBarrier.RECENT_EVENTS_QUERY
          + ") AS r ON true ORDER BY r.sequencenumber DESC";

  private final ReadBarrier barrier;
  private final Conversations conversations;
  private final JdbcTemplate jdbc;
  private volatile boolean combined = true;

  HistoryReads(ReadBarrier barrier, Conversations conversations, JdbcTemplate jdbc) {
    this.barrier = barrier;
    this.conversations = conversations;
    this.jdbc = jdbc;
  }

  /**
   * Returns once the read models hold every message of the conversation appended before this call
   * and {@code viewer} may see it; throws the conversation's 404 or the barrier's 503 otherwise.
   * Both from one statement when the event log is in this database. Answers whether the statement's
   * permission was current (for the tests).
   */
  boolean check(UUID conversationId, UUID viewer) {
    ReadBarrier.Known known = barrier.known();
    if (combined) {
      Together together;
      try {
        together = together(conversationId, viewer);
      } catch (BadSqlGrammarException e) {
        combined = false; // no event log in this database (Axon Server): the barrier says so
        together = null;
      }
      if (together != null) {
        boolean current = barrier.awaitSince(conversationId, known, together.recent());
        if (!current) {
          conversations.requireVisible(conversationId, viewer);
        } else if (!together.visible()) {
          throw Conversations.notFound();
        }
        return current;
      }
    }
    barrier.await(conversationId);
    conversations.requireVisible(conversationId, viewer);
    return false;
  }

  private record Together(boolean visible, List<ReadBarrier.Recent> recent) {}

  private Together together(UUID conversationId, UUID viewer) {
    return jdbc.query(
        TOGETHER,
        rows -> {
          Boolean visible = null;
          List<ReadBarrier.Recent> recent = new ArrayList<>();
          while (rows.next()) {
            visible = rows.getObject(1, Boolean.class);
            long index = rows.getLong(2);
            if (!rows.wasNull()) {
              recent.add(new ReadBarrier.Recent(index, rows.getString(3)));
            }
          }
          return new Together(Boolean.TRUE.equals(visible), recent);
        },
        viewer,
        conversationId,
        conversationId.toString());
  }
}
