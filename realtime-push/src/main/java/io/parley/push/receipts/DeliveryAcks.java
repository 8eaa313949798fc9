package io.parley.push.receipts;

import io.parley.push.routing.PushConversations;
import io.parley.push.routing.PushMemberships;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A device's {@code ack}: the user has received a conversation up to {@code seq}. Only members may
 * ack, only up to the conversation's last known seq, and the marker only moves forward (decided by
 * a conditional upsert, so concurrent acks from several devices or processes announce once each
 * step). {@code push_delivery_marker} is the store of record; a step is announced to every push
 * process with {@code NOTIFY} ({@link DeliveryRelay}), never appended to the event log
 * (docs/adr/0097), as {@code conversationId userId seq previousSeq}.
 */
@Component
public class DeliveryAcks {
  /** Moves the marker forward only; returns the new seq if it moved, no row if it did not. */
  private static final String ADVANCE =
      "INSERT INTO push_delivery_marker (conversation_id, user_id, seq) VALUES (?, ?, ?)"
          + " ON CONFLICT (conversation_id, user_id) DO UPDATE SET seq = EXCLUDED.seq"
          + " WHERE push_delivery_marker.seq < EXCLUDED.seq RETURNING seq";

  private final JdbcTemplate jdbc;
  private final PushMemberships memberships;
  private final PushConversations conversations;

  DeliveryAcks(JdbcTemplate jdbc, PushMemberships memberships, PushConversations conversations) {
    this.jdbc = jdbc;
    this.conversations = conversations;
    this.memberships = memberships;
  }

  /** Returns whether the marker moved (and the step was announced). */
  public boolean ack(UUID userId, UUID conversationId, long seq) {
    if (seq < 1
        || !memberships.isMember(conversationId, userId)
        || !conversations.reached(conversationId, seq)) {
      return false;
    }
    // One round trip: the marker's step and its announcement commit together, and only a step
    // that moved the marker is announced (the notification goes out at that commit). The
    // announcement carries the marker as this statement found it: never above where the step
    // started, so the relay never narrows the step's audience too far (docs/adr/0222).
    return !jdbc.queryForList(
            "WITH before AS (SELECT seq FROM push_delivery_marker WHERE conversation_id = ?"
                + " AND user_id = ?), moved AS ("
                + ADVANCE
                + ") SELECT pg_notify(?, ? || coalesce((SELECT seq FROM before), 0)) FROM moved",
            Object.class,
            conversationId,
            userId,
            conversationId,
            userId,
            seq,
            DeliveryRelay.CHANNEL,
            conversationId + " " + userId + " " + seq + " ")
        .isEmpty();
  }

  /** Keeps the marker in step with markers from an old log's {@code DeliveryMarkerMovedEvent}. */
  public void observed(UUID conversationId, UUID userId, long seq) {
    jdbc.queryForList(ADVANCE, Long.class, conversationId, userId, seq);
  }
}
