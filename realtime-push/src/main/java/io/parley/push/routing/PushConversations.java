package io.parley.push.routing;

import io.parley.events.conversation.ConversationKind;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.Visibility;
import io.parley.support.axon.Batches;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The conversations as pushed events describe them ({@code conversation.created/updated}). The last
 * seq is written by the durable catch-up consumer only; the live consumer keeps what it has seen in
 * memory, so a busy conversation costs the push path no database write per message (and the two
 * consumers never wait on each other's row locks).
 */
@Repository
public class PushConversations {
  private final JdbcTemplate jdbc;
  private final Map<UUID, Long> liveLastSeq = new ConcurrentHashMap<>();

  PushConversations(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A group as its creation event describes it (the live and the catch-up path alike). */
  void created(GroupCreatedEvent event, long version) {
    created(
        event.conversationId(),
        ConversationKind.GROUP,
        event.name(),
        event.topic(),
        event.visibility(),
        event.createdAt(),
        event.encrypted(),
        version);
  }

  /** A direct conversation: no name or topic, always private. */
  void created(DirectConversationOpenedEvent event, long version) {
    created(
        event.conversationId(),
        ConversationKind.DIRECT,
        null,
        null,
        Visibility.PRIVATE,
        event.openedAt(),
        event.encrypted(),
        version);
  }

  private void created(
      UUID conversationId,
      ConversationKind kind,
      String name,
      String topic,
      Visibility visibility,
      Instant createdAt,
      boolean encrypted,
      long version) {
    jdbc.update(
        "INSERT INTO push_conversation (conversation_id, kind, name, topic, visibility,"
            + " created_at, encrypted, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (conversation_id)"
            // At the same version: a replay over live rows rewrites what the event said.
            + " DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, topic = EXCLUDED.topic,"
            + " visibility = EXCLUDED.visibility, created_at = EXCLUDED.created_at,"
            + " encrypted = EXCLUDED.encrypted"
            + " WHERE push_conversation.version <= EXCLUDED.version",
        conversationId,
        kind.wire(),
        name,
        topic,
        visibility.wire(),
        Timestamp.from(createdAt),
        encrypted,
        version);
  }

  void pictureChanged(UUID conversationId, UUID pictureId, long version) {
    jdbc.update(
        "UPDATE push_conversation SET picture_id = ?, version = ?"
            + " WHERE conversation_id = ? AND version <= ?",
        pictureId,
        version,
        conversationId,
        version);
  }

  void updated(
      UUID conversationId, String name, String topic, Visibility visibility, long version) {
    jdbc.update(
        "UPDATE push_conversation SET name = ?, topic = ?, visibility = ?, version = ?"
            + " WHERE conversation_id = ? AND version <= ?",
        name,
        topic,
        visibility.wire(),
        version,
        conversationId,
        version);
  }

  private static final String MOVE_LAST_SEQ =
      "UPDATE push_conversation SET last_seq = GREATEST(last_seq, ?) WHERE conversation_id = ?";

  /**
   * Inside a processor's batch only the batch's highest seq per conversation is written, in one
   * JDBC batch before it commits (docs/adr/0062); GREATEST makes that equal to one by one.
   */
  void messageSent(UUID conversationId, long seq) {
    if (Batches.deferrable()) {
      Batches.resource("parley.push.last-seq", HashMap<UUID, Long>::new, this::moveLastSeqs)
          .merge(conversationId, seq, Math::max);
    } else {
      jdbc.update(MOVE_LAST_SEQ, seq, conversationId);
    }
  }

  private void moveLastSeqs(Map<UUID, Long> lastSeqs) {
    List<Object[]> rows = new ArrayList<>(lastSeqs.size());
    lastSeqs.forEach((conversation, seq) -> rows.add(new Object[] {seq, conversation}));
    jdbc.batchUpdate(MOVE_LAST_SEQ, rows);
  }

  void messageSeen(UUID conversationId, long seq) {
    liveLastSeq.merge(conversationId, seq, Math::max);
  }

  /**
   * Whether the conversation is known here to have reached {@code seq}: a message with that seq (or
   * a later one) was seen live or stored. A seq seen live needs no query, so the usual ack (of a
   * message this process just delivered) costs no round trip for it.
   */
  public boolean reached(UUID conversationId, long seq) {
    Long live = liveLastSeq.get(conversationId);
    if (live != null && live >= seq) {
      return true;
    }
    List<Long> stored =
        jdbc.queryForList(
            "SELECT last_seq FROM push_conversation WHERE conversation_id = ?",
            Long.class,
            conversationId);
    return !stored.isEmpty() && stored.get(0) >= seq;
  }

  /** The conversation as the API shows it, or null when this service has not seen it. */
  ConversationView view(UUID conversationId) {
    List<ConversationView> found =
        jdbc.query(
            "SELECT c.*, (SELECT count(*) FROM push_membership m WHERE m.conversation_id ="
                + " c.conversation_id AND m.member) AS member_count FROM push_conversation c"
                + " WHERE c.conversation_id = ?",
            (row, n) ->
                new ConversationView(
                    row.getObject("conversation_id", UUID.class),
                    row.getString("kind"),
                    row.getString("name"),
                    row.getString("topic"),
                    row.getString("visibility"),
                    row.getInt("member_count"),
                    row.getTimestamp("created_at").toInstant(),
                    Math.max(row.getLong("last_seq"), liveLastSeq.getOrDefault(conversationId, 0L)),
                    row.getObject("picture_id", UUID.class),
                    row.getBoolean("encrypted")),
            conversationId);
    return found.isEmpty() ? null : found.get(0);
  }

  void clear() {
    jdbc.update("TRUNCATE push_conversation");
    liveLastSeq.clear();
  }
}
