package io.parley.push.receipts;

import io.parley.events.message.DeliveryMarkerMovedEvent;
import io.parley.push.routing.PushConversations;
import io.parley.push.routing.PushMemberships;
import java.time.Clock;
import java.util.UUID;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A device's {@code ack}: the user has received a conversation up to {@code seq}. Only members may
 * ack, only up to the conversation's last known seq, and the marker only moves forward (decided by
 * a conditional upsert, so concurrent acks from several devices or processes publish once each
 * step). The gateway publishes {@link DeliveryMarkerMovedEvent} itself: it is an observation, not a
 * decision of an aggregate.
 */
@Component
public class DeliveryAcks {
  private final JdbcTemplate jdbc;
  private final PushMemberships memberships;
  private final PushConversations conversations;
  private final EventBus events;
  private final Clock clock;

  DeliveryAcks(
      JdbcTemplate jdbc,
      PushMemberships memberships,
      PushConversations conversations,
      EventBus events,
      Clock clock) {
    this.jdbc = jdbc;
    this.conversations = conversations;
    this.memberships = memberships;
    this.events = events;
    this.clock = clock;
  }

  /** Returns whether the marker moved (and the event was published). */
  public boolean ack(UUID userId, UUID conversationId, long seq) {
    if (seq < 1 || !memberships.isMember(conversationId, userId)) {
      return false;
    }
    Long lastSeq = conversations.lastSeq(conversationId);
    if (lastSeq == null || seq > lastSeq) {
      return false;
    }
    boolean moved = advance(conversationId, userId, seq);
    if (moved) {
      events.publish(
          GenericEventMessage.asEventMessage(
              new DeliveryMarkerMovedEvent(conversationId, userId, seq, clock.instant())));
    }
    return moved;
  }

  /** Keeps the marker in step with markers published elsewhere. */
  public void observed(UUID conversationId, UUID userId, long seq) {
    advance(conversationId, userId, seq);
  }

  private boolean advance(UUID conversationId, UUID userId, long seq) {
    return !jdbc.queryForList(
            "INSERT INTO push_delivery_marker (conversation_id, user_id, seq) VALUES (?, ?, ?)"
                + " ON CONFLICT (conversation_id, user_id) DO UPDATE SET seq = EXCLUDED.seq"
                + " WHERE push_delivery_marker.seq < EXCLUDED.seq RETURNING seq",
            Long.class,
            conversationId,
            userId,
            seq)
        .isEmpty();
  }
}
