package io.parley.query.message;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.parley.events.message.MessageSentEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/** The timeline in the CQL store. Rows are keyed by ids, so a replayed event rewrites the same. */
@Component
@ProcessingGroup(MessageTimelineProjection.GROUP)
class MessageTimelineProjection {
  static final String GROUP = "message-timeline";

  private final CqlSession session;
  private final PreparedStatement insertMessage;
  private final PreparedStatement moveHead;

  MessageTimelineProjection(CqlSession session) {
    this.session = session;
    this.insertMessage =
        session.prepare(
            "INSERT INTO messages_by_conversation (conversation_id, bucket, seq, message_id,"
                + " sender_id, body, reply_to_message_id, created_at, deleted)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, false)");
    this.moveHead =
        session.prepare(
            "UPDATE conversation_timeline_head USING TIMESTAMP ? SET last_seq = ?"
                + " WHERE conversation_id = ?");
  }

  @EventHandler
  void on(MessageSentEvent event) {
    session.execute(
        insertMessage.bind(
            event.conversationId(),
            TimelineBuckets.of(event.seq()),
            event.seq(),
            event.messageId(),
            event.senderId(),
            event.body(),
            event.replyToMessageId(),
            event.sentAt()));
    session.execute(moveHead.bind(event.seq(), event.seq(), event.conversationId()));
  }

  @ResetHandler
  void reset() {
    session.execute("TRUNCATE messages_by_conversation");
    session.execute("TRUNCATE conversation_timeline_head");
  }
}
