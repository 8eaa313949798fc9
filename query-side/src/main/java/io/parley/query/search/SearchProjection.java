package io.parley.query.search;

import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.query.rebuild.ReadModelRebuilds;
import io.parley.support.axon.Batches;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The message-search read model (docs/adr/0150): every message that is not deleted, with its
 * current body; Postgres keeps the body's words beside it. Every message has a row, an empty body
 * too (an edit may give it words). An edit replaces the body and never creates a row, so it cannot
 * bring a deleted message back; a deletion removes the row at once. Rows are keyed by
 * (conversation, seq) and one conversation's events arrive in order: a redelivered batch writes the
 * same rows.
 *
 * <p>Inside a processor's batch the new rows are inserted together, in one batched statement just
 * before the batch commits (docs/adr/0062, 0206): one round trip for a batch instead of one per
 * message. An edit or a deletion first writes what is pending, so it finds the row it changes.
 */
@Component
@ProcessingGroup(SearchProjection.GROUP)
class SearchProjection {
  static final String GROUP = "message-search";
  private static final String INSERT =
      "INSERT INTO search_message (conversation_id, seq, message_id, sender_id, created_at, body)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, seq) DO NOTHING";

  private final JdbcTemplate jdbc;
  private final ReadModelRebuilds rebuilds;

  SearchProjection(JdbcTemplate jdbc, ReadModelRebuilds rebuilds) {
    this.jdbc = jdbc;
    this.rebuilds = rebuilds;
  }

  /** An end-to-end encrypted message is never indexed: not even its ciphertext (docs/adr/0185). */
  @EventHandler
  void on(MessageSentEvent event) {
    if (event.encrypted()) {
      return;
    }
    Object[] row = {
      event.conversationId(),
      event.seq(),
      event.messageId(),
      event.senderId(),
      OffsetDateTime.ofInstant(event.sentAt(), ZoneOffset.UTC),
      indexed(event.body())
    };
    if (Batches.deferrable()) {
      pending().add(row);
    } else {
      jdbc.update(INSERT, row);
    }
  }

  @EventHandler
  void on(MessageEditedEvent event) {
    if (event.encrypted()) {
      return;
    }
    insertPending();
    jdbc.update(
        "UPDATE search_message SET body = ? WHERE conversation_id = ? AND seq = ?",
        indexed(event.body()),
        event.conversationId(),
        event.seq());
  }

  @EventHandler
  void on(MessageDeletedEvent event) {
    insertPending();
    jdbc.update(
        "DELETE FROM search_message WHERE conversation_id = ? AND seq = ?",
        event.conversationId(),
        event.seq());
  }

  /** The rows of the current batch not yet written; only while {@link Batches#deferrable()}. */
  private List<Object[]> pending() {
    return Batches.resource("parley.search.pending", ArrayList::new, this::insert);
  }

  private void insertPending() {
    if (Batches.deferrable()) {
      insert(pending());
    }
  }

  private void insert(List<Object[]> rows) {
    if (!rows.isEmpty()) {
      jdbc.batchUpdate(INSERT, rows);
      rows.clear();
    }
  }

  /** Postgres text holds no NUL; the aggregate refuses one, an old event may still carry it. */
  static String indexed(String body) {
    return body == null ? "" : body.replace('\u0000', ' ');
  }

  /** The live table keeps serving until the rebuilt one replaces it (docs/adr/0100). */
  @ResetHandler
  void reset() {
    rebuilds.begin(GROUP);
  }
}
