package io.parley.command.message;

import io.parley.command.conversation.ConversationMembers;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.message.ReadMarkerMovedEvent;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read markers outside the Conversation aggregate (ADR 0023): a forward-only conditional upsert and
 * the event in one transaction, so marking as read never waits for a busy group's sends and two
 * devices racing can only move the marker forward.
 */
@Component
class ReadMarkers {
  private final JdbcTemplate jdbc;
  private final ConversationMembers members;
  private final MessageRefs refs;
  private final EventBus eventBus;
  private final TransactionTemplate transaction;

  ReadMarkers(
      JdbcTemplate jdbc,
      ConversationMembers members,
      MessageRefs refs,
      EventBus eventBus,
      TransactionTemplate transaction) {
    this.jdbc = jdbc;
    this.members = members;
    this.refs = refs;
    this.eventBus = eventBus;
    this.transaction = transaction;
  }

  /**
   * Moves the marker to {@code seq}, capped at the last message; returns whether it moved. A seq at
   * or behind the current marker changes nothing and publishes nothing.
   */
  boolean moveForward(UUID conversationId, UUID userId, long seq, Instant now) {
    return Boolean.TRUE.equals(
        transaction.execute(status -> moveInTransaction(conversationId, userId, seq, now)));
  }

  private boolean moveInTransaction(UUID conversationId, UUID userId, long seq, Instant now) {
    if (members.roleOf(conversationId, userId).isEmpty()) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such conversation.");
    }
    long target = Math.min(seq, refs.lastSeq(conversationId));
    if (target <= 0) {
      return false;
    }
    int moved =
        jdbc.update(
            "INSERT INTO read_marker (conversation_id, user_id, seq) VALUES (?, ?, ?)"
                + " ON CONFLICT (conversation_id, user_id) DO UPDATE SET seq = EXCLUDED.seq"
                + " WHERE read_marker.seq < EXCLUDED.seq",
            conversationId,
            userId,
            target);
    if (moved == 0) {
      return false;
    }
    eventBus.publish(
        GenericEventMessage.asEventMessage(
            new ReadMarkerMovedEvent(conversationId, userId, target, now)));
    return true;
  }
}
