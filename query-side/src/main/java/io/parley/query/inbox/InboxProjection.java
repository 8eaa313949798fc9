package io.parley.query.inbox;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.NotificationLevelChangedEvent;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import io.parley.query.message.AttachmentsJson;
import io.parley.query.rebuild.ReadModelRebuilds;
import io.parley.support.axon.Batches;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The inbox (docs/adr/0032). A message costs one update of its conversation's row and one of the
 * sender's entry, whatever the member count. Guards make every event idempotent: the conversation
 * row moves only to a higher seq, read markers only forward, deletions are a set.
 */
@Component
@ProcessingGroup(InboxProjection.GROUP)
class InboxProjection {
  static final String GROUP = "inbox";

  private final JdbcTemplate jdbc;
  private final ReadModelRebuilds rebuilds;

  InboxProjection(JdbcTemplate jdbc, ReadModelRebuilds rebuilds) {
    this.jdbc = jdbc;
    this.rebuilds = rebuilds;
  }

  @EventHandler
  void on(GroupCreatedEvent event) {
    open(event.conversationId(), event.createdAt());
  }

  @EventHandler
  void on(DirectConversationOpenedEvent event) {
    open(event.conversationId(), event.openedAt());
  }

  private void open(UUID conversationId, Instant at) {
    flushPending(conversationId);
    jdbc.update(
        "INSERT INTO inbox_conversation (conversation_id, last_activity_at) VALUES (?, ?)"
            + " ON CONFLICT (conversation_id) DO NOTHING",
        conversationId,
        at(at));
  }

  /** A new member starts caught up: history from before they joined is not "unread". */
  @EventHandler
  void on(MemberAddedEvent event) {
    flushPending(event.conversationId());
    jdbc.update(
        "INSERT INTO inbox_entry (user_id, conversation_id, read_seq)"
            + " VALUES (?, ?, COALESCE((SELECT last_seq FROM inbox_conversation"
            + " WHERE conversation_id = ?), 0))"
            + " ON CONFLICT (user_id, conversation_id) DO NOTHING",
        event.userId(),
        event.conversationId(),
        event.conversationId());
  }

  @EventHandler
  void on(MemberRemovedEvent event) {
    flushPending(event.conversationId());
    jdbc.update(
        "DELETE FROM inbox_entry WHERE user_id = ? AND conversation_id = ?",
        event.userId(),
        event.conversationId());
  }

  /** The nil UUID: the user of a mention row that is an {@code @here}/{@code @everyone}. */
  static final UUID EVERYONE = new UUID(0, 0);

  @EventHandler
  void on(MessageSentEvent event) {
    recordMentions(event);
    Pending pending = pending();
    if (pending == null) {
      jdbc.update(SET_LAST_MESSAGE, lastMessage(event, event.sentAt()));
      // Sending means having read everything before it; so no own message is ever unread.
      moveReadMarker(event.conversationId(), event.senderId(), event.seq());
    } else {
      pending.sent(event);
      pending.read(event.conversationId(), event.senderId(), event.seq());
    }
  }

  /**
   * One row per mentioned member, or one {@link #EVERYONE} row; independent of the coalesced rows,
   * so written at once. Never for a message already deleted (a replayed send after its delete).
   */
  private void recordMentions(MessageSentEvent event) {
    List<UUID> users =
        event.mentionsEveryone()
            ? List.of(EVERYONE)
            : event.mentions().stream().filter(u -> !u.equals(event.senderId())).toList();
    if (users.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>(users.size());
    for (UUID user : users) {
      rows.add(
          new Object[] {
            event.conversationId(),
            user,
            event.seq(),
            event.senderId(),
            event.conversationId(),
            event.seq()
          });
    }
    jdbc.batchUpdate(
        "INSERT INTO inbox_mention (conversation_id, user_id, seq, sender_id)"
            + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM inbox_deleted_message"
            + " WHERE conversation_id = ? AND seq = ?)"
            + " ON CONFLICT DO NOTHING",
        rows);
  }

  @EventHandler
  void on(NotificationLevelChangedEvent event) {
    flushPending(event.conversationId());
    jdbc.update(
        "UPDATE inbox_entry SET notification_level = ? WHERE user_id = ? AND conversation_id = ?",
        event.level().wire(),
        event.userId(),
        event.conversationId());
  }

  private static final String SET_LAST_MESSAGE =
      "UPDATE inbox_conversation SET last_seq = ?,"
          + " last_activity_at = GREATEST(last_activity_at, ?), last_message_id = ?,"
          + " last_sender_id = ?, last_body = ?, last_reply_to = ?, last_created_at = ?,"
          + " last_edited_at = NULL, last_deleted = false, last_attachments = CAST(? AS jsonb),"
          + " last_ciphertext = ?"
          + " WHERE conversation_id = ? AND last_seq < ?";

  private static Object[] lastMessage(MessageSentEvent event, Instant activityAt) {
    return new Object[] {
      event.seq(),
      at(activityAt),
      event.messageId(),
      event.senderId(),
      event.body(),
      event.replyToMessageId(),
      at(event.sentAt()),
      AttachmentsJson.write(event.attachments()),
      event.ciphertext(),
      event.conversationId(),
      event.seq()
    };
  }

  @EventHandler
  void on(MessageEditedEvent event) {
    flushPending(event.conversationId());
    jdbc.update(
        "UPDATE inbox_conversation SET last_body = ?, last_ciphertext = ?, last_edited_at = ?"
            + " WHERE conversation_id = ? AND last_seq = ? AND NOT last_deleted",
        event.body(),
        event.ciphertext(),
        at(event.editedAt()),
        event.conversationId(),
        event.seq());
  }

  @EventHandler
  void on(MessageDeletedEvent event) {
    flushPending(event.conversationId());
    jdbc.update(
        "INSERT INTO inbox_deleted_message (conversation_id, seq) VALUES (?, ?)"
            + " ON CONFLICT DO NOTHING",
        event.conversationId(),
        event.seq());
    jdbc.update(
        "DELETE FROM inbox_mention WHERE conversation_id = ? AND seq = ?",
        event.conversationId(),
        event.seq());
    jdbc.update(
        "UPDATE inbox_conversation SET last_body = NULL, last_ciphertext = NULL,"
            + " last_deleted = true,"
            + " last_attachments = NULL"
            + " WHERE conversation_id = ? AND last_seq = ?",
        event.conversationId(),
        event.seq());
  }

  @EventHandler
  void on(ReadMarkerMovedEvent event) {
    Pending pending = pending();
    if (pending == null) {
      moveReadMarker(event.conversationId(), event.userId(), event.seq());
    } else {
      pending.read(event.conversationId(), event.userId(), event.seq());
    }
  }

  private static final String MOVE_READ_MARKER =
      "UPDATE inbox_entry SET read_seq = ? WHERE user_id = ? AND conversation_id = ?"
          + " AND read_seq < ?";

  private void moveReadMarker(UUID conversationId, UUID userId, long seq) {
    jdbc.update(MOVE_READ_MARKER, seq, userId, conversationId, seq);
  }

  /**
   * Inside a processor's batch, messages and read markers are coalesced per conversation
   * (docs/adr/0062): only the latest message (with the latest activity time) and each member's
   * highest read marker are written, in two batched statements when the batch is about to commit.
   * The guards make that equal to applying them one by one. Any other event of a conversation first
   * writes what is pending for it, so it sees the rows as they would be in event order.
   */
  private final class Pending {
    private final Map<UUID, MessageSentEvent> lastSent = new LinkedHashMap<>();
    private final Map<UUID, Instant> latestActivity = new HashMap<>();
    private final Map<UUID, Map<UUID, Long>> readSeqs = new LinkedHashMap<>();

    void sent(MessageSentEvent event) {
      lastSent.merge(event.conversationId(), event, (a, b) -> a.seq() >= b.seq() ? a : b);
      latestActivity.merge(event.conversationId(), event.sentAt(), (a, b) -> a.isAfter(b) ? a : b);
    }

    void read(UUID conversationId, UUID userId, long seq) {
      readSeqs
          .computeIfAbsent(conversationId, c -> new LinkedHashMap<>())
          .merge(userId, seq, Math::max);
    }

    void flush(UUID conversationId) {
      MessageSentEvent sent = lastSent.remove(conversationId);
      if (sent != null) {
        jdbc.update(SET_LAST_MESSAGE, lastMessage(sent, latestActivity.remove(conversationId)));
      }
      Map<UUID, Long> reads = readSeqs.remove(conversationId);
      if (reads != null) {
        reads.forEach((user, seq) -> moveReadMarker(conversationId, user, seq));
      }
    }

    void flushAll() {
      List<Object[]> messages = new ArrayList<>(lastSent.size());
      lastSent.forEach(
          (conversation, sent) ->
              messages.add(lastMessage(sent, latestActivity.get(conversation))));
      List<Object[]> markers = new ArrayList<>();
      readSeqs.forEach(
          (conversation, reads) ->
              reads.forEach(
                  (user, seq) -> markers.add(new Object[] {seq, user, conversation, seq})));
      if (!messages.isEmpty()) {
        jdbc.batchUpdate(SET_LAST_MESSAGE, messages);
      }
      if (!markers.isEmpty()) {
        jdbc.batchUpdate(MOVE_READ_MARKER, markers);
      }
      lastSent.clear();
      latestActivity.clear();
      readSeqs.clear();
    }
  }

  private Pending pending() {
    return Batches.deferrable()
        ? Batches.resource("parley.inbox.pending", Pending::new, Pending::flushAll)
        : null;
  }

  /** Before an event that reads or changes a conversation's rows otherwise. */
  void flushPending(UUID conversationId) {
    Pending pending = pending();
    if (pending != null) {
      pending.flush(conversationId);
    }
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** The live tables keep serving until the rebuilt ones replace them (docs/adr/0100). */
  @ResetHandler
  void reset() {
    rebuilds.begin(GROUP);
  }
}
