package io.parley.query.inbox;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

  InboxProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
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
    jdbc.update(
        "INSERT INTO inbox_conversation (conversation_id, last_activity_at) VALUES (?, ?)"
            + " ON CONFLICT (conversation_id) DO NOTHING",
        conversationId,
        at(at));
  }

  /** A new member starts caught up: history from before they joined is not "unread". */
  @EventHandler
  void on(MemberAddedEvent event) {
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
    jdbc.update(
        "DELETE FROM inbox_entry WHERE user_id = ? AND conversation_id = ?",
        event.userId(),
        event.conversationId());
  }

  @EventHandler
  void on(MessageSentEvent event) {
    jdbc.update(
        "UPDATE inbox_conversation SET last_seq = ?,"
            + " last_activity_at = GREATEST(last_activity_at, ?), last_message_id = ?,"
            + " last_sender_id = ?, last_body = ?, last_reply_to = ?, last_created_at = ?,"
            + " last_edited_at = NULL, last_deleted = false"
            + " WHERE conversation_id = ? AND last_seq < ?",
        event.seq(),
        at(event.sentAt()),
        event.messageId(),
        event.senderId(),
        event.body(),
        event.replyToMessageId(),
        at(event.sentAt()),
        event.conversationId(),
        event.seq());
    // Sending means having read everything before it; so no own message is ever unread.
    moveReadMarker(event.conversationId(), event.senderId(), event.seq());
  }

  @EventHandler
  void on(MessageEditedEvent event) {
    jdbc.update(
        "UPDATE inbox_conversation SET last_body = ?, last_edited_at = ?"
            + " WHERE conversation_id = ? AND last_seq = ? AND NOT last_deleted",
        event.body(),
        at(event.editedAt()),
        event.conversationId(),
        event.seq());
  }

  @EventHandler
  void on(MessageDeletedEvent event) {
    jdbc.update(
        "INSERT INTO inbox_deleted_message (conversation_id, seq) VALUES (?, ?)"
            + " ON CONFLICT DO NOTHING",
        event.conversationId(),
        event.seq());
    jdbc.update(
        "UPDATE inbox_conversation SET last_body = NULL, last_deleted = true"
            + " WHERE conversation_id = ? AND last_seq = ?",
        event.conversationId(),
        event.seq());
  }

  @EventHandler
  void on(ReadMarkerMovedEvent event) {
    moveReadMarker(event.conversationId(), event.userId(), event.seq());
  }

  private void moveReadMarker(UUID conversationId, UUID userId, long seq) {
    jdbc.update(
        "UPDATE inbox_entry SET read_seq = ? WHERE user_id = ? AND conversation_id = ?"
            + " AND read_seq < ?",
        seq,
        userId,
        conversationId,
        seq);
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @ResetHandler
  void reset() {
    jdbc.update("TRUNCATE inbox_conversation, inbox_entry, inbox_deleted_message");
  }
}
