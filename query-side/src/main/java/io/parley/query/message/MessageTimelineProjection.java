package io.parley.query.message;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The timeline in the CQL store. Message rows are inserted once, keyed by (conversation, bucket,
 * seq); an edit or delete overwrites only the columns it changes; a reaction changes one row of the
 * message's reaction set and then rewrites that emoji's count on the message row (docs/adr/0031).
 * Every write is keyed by ids, so a redelivered event rewrites the same values, and every write
 * carries the event's sequence number in the conversation as its CQL write timestamp: each cell
 * keeps the value of the latest event that wrote it, whatever order events are applied in, so a
 * message sent event retried after its edit cannot bring the old body back (docs/adr/0061). Every
 * cell of these tables is written by one conversation's events only, so the numbers compare.
 *
 * <p>Inside a processor's batch the writes are sent at once and waited for when the batch is about
 * to commit, and only the batch's highest head per conversation is written (docs/adr/0062): with
 * write timestamps deciding every cell, the order in which a batch's writes land does not matter.
 */
@Component
@ProcessingGroup(MessageTimelineProjection.GROUP)
class MessageTimelineProjection {
  static final String GROUP = "message-timeline";

  private final CqlSession session;
  private final CqlBatchWrites writes;
  private final PreparedStatement insertMessage;
  private final PreparedStatement moveHead;
  private final PreparedStatement edit;
  private final PreparedStatement delete;
  private final PreparedStatement forgetReactions;
  private final PreparedStatement addReaction;
  private final PreparedStatement removeReaction;
  private final PreparedStatement countReaction;
  private final PreparedStatement setCount;
  private final PreparedStatement dropCount;

  MessageTimelineProjection(
      CqlSession session, @Value("${parley.cql.max-writes-in-flight:256}") int maxWritesInFlight) {
    this.session = session;
    this.writes = new CqlBatchWrites(session, maxWritesInFlight, GROUP);
    this.insertMessage =
        session.prepare(
            "INSERT INTO messages_by_conversation (conversation_id, bucket, seq, message_id,"
                + " sender_id, body, reply_to_message_id, created_at, deleted, attachments,"
                + " mentions, mentions_everyone, ciphertext)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?) USING TIMESTAMP ?");
    this.moveHead =
        session.prepare(
            "UPDATE conversation_timeline_head USING TIMESTAMP ? SET last_seq = ?"
                + " WHERE conversation_id = ?");
    this.edit =
        session.prepare(
            "UPDATE messages_by_conversation USING TIMESTAMP ? SET body = ?, ciphertext = ?,"
                + " edited_at = ? WHERE conversation_id = ? AND bucket = ? AND seq = ?");
    this.delete =
        session.prepare(
            "UPDATE messages_by_conversation USING TIMESTAMP ?"
                + " SET body = null, ciphertext = null, deleted = true, reactions = null, attachments = null,"
                + " mentions = null, mentions_everyone = null"
                + " WHERE conversation_id = ? AND bucket = ? AND seq = ?");
    this.forgetReactions =
        session.prepare(
            "DELETE FROM reactions_by_message USING TIMESTAMP ?"
                + " WHERE conversation_id = ? AND seq = ?");
    this.addReaction =
        session.prepare(
            "INSERT INTO reactions_by_message (conversation_id, seq, emoji, user_id)"
                + " VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
    this.removeReaction =
        session.prepare(
            "DELETE FROM reactions_by_message USING TIMESTAMP ? WHERE conversation_id = ?"
                + " AND seq = ? AND emoji = ? AND user_id = ?");
    this.countReaction =
        session.prepare(
            "SELECT count(*) FROM reactions_by_message WHERE conversation_id = ? AND seq = ?"
                + " AND emoji = ?");
    this.setCount =
        session.prepare(
            "UPDATE messages_by_conversation USING TIMESTAMP ? SET reactions[?] = ?"
                + " WHERE conversation_id = ? AND bucket = ? AND seq = ?");
    this.dropCount =
        session.prepare(
            "DELETE reactions[?] FROM messages_by_conversation USING TIMESTAMP ?"
                + " WHERE conversation_id = ? AND bucket = ? AND seq = ?");
  }

  @EventHandler
  void on(MessageSentEvent event, @SequenceNumber long version) {
    String attachments = AttachmentsJson.write(event.attachments());
    writes.write(
        partition(event.conversationId(), event.seq()),
        insertMessage.bind(
            event.conversationId(),
            TimelineBuckets.of(event.seq()),
            event.seq(),
            event.messageId(),
            event.senderId(),
            event.body(),
            event.replyToMessageId(),
            event.sentAt(),
            attachments,
            event.mentions().isEmpty() ? null : event.mentions(),
            event.mentionsEveryone() ? Boolean.TRUE : null,
            event.ciphertext(),
            version),
        rowBytes(event.body())
            + rowBytes(event.ciphertext())
            + (attachments == null ? 0 : attachments.length()));
    BoundStatement head = moveHead.bind(event.seq(), event.seq(), event.conversationId());
    CqlBatchWrites.Pending pending = writes.pending();
    if (pending == null) {
      session.execute(head);
    } else {
      // The head's write timestamp is its seq: only a batch's highest seq per conversation counts.
      pending.highestOnly(event.conversationId(), event.seq(), head);
    }
  }

  @EventHandler
  void on(MessageEditedEvent event, @SequenceNumber long version) {
    writes.write(
        partition(event.conversationId(), event.seq()),
        edit.bind(
            version,
            event.body(),
            event.ciphertext(),
            event.editedAt(),
            event.conversationId(),
            TimelineBuckets.of(event.seq()),
            event.seq()),
        rowBytes(event.body()) + rowBytes(event.ciphertext()));
  }

  @EventHandler
  void on(MessageDeletedEvent event, @SequenceNumber long version) {
    writes.write(
        partition(event.conversationId(), event.seq()),
        delete.bind(version, event.conversationId(), TimelineBuckets.of(event.seq()), event.seq()),
        rowBytes(""));
    writes.write(forgetReactions.bind(version, event.conversationId(), event.seq()));
  }

  @EventHandler
  void on(ReactionAddedEvent event, @SequenceNumber long version) {
    react(
        addReaction.bind(
            event.conversationId(), event.seq(), event.emoji(), event.userId(), version),
        event.conversationId(),
        event.seq(),
        event.emoji(),
        version);
  }

  @EventHandler
  void on(ReactionRemovedEvent event, @SequenceNumber long version) {
    react(
        removeReaction.bind(
            version, event.conversationId(), event.seq(), event.emoji(), event.userId()),
        event.conversationId(),
        event.seq(),
        event.emoji(),
        version);
  }

  private record Partition(UUID conversationId, int bucket) {}

  private static Partition partition(UUID conversationId, long seq) {
    return new Partition(conversationId, TimelineBuckets.of(seq));
  }

  /** A generous estimate of a row's size in a batch: UTF-8 body plus keys and columns. */
  private static int rowBytes(String body) {
    return 128 + (body == null ? 0 : 3 * body.length());
  }

  private record EmojiOf(UUID conversationId, long seq, String emoji) {}

  /**
   * Changes the reaction set, then rewrites the count from it. The count is read back from the set
   * rather than incremented, so adding the same reaction twice (or replaying it) counts once.
   * Quorum reads and writes make the count see the write just made; within a batch, the steps of
   * one message's emoji run one after another, so each recount sees the set changes before it.
   */
  private void react(BoundStatement change, UUID conversationId, long seq, String emoji, long v) {
    CqlBatchWrites.Pending pending = writes.pending();
    if (pending == null) {
      session.execute(quorum(change));
      long count =
          session.execute(quorum(countReaction.bind(conversationId, seq, emoji))).one().getLong(0);
      session.execute(quorum(countWrite(conversationId, seq, emoji, v, count)));
      return;
    }
    pending.after(
        new EmojiOf(conversationId, seq, emoji),
        () ->
            writes
                .async(quorum(change))
                .thenCompose(
                    done -> writes.async(quorum(countReaction.bind(conversationId, seq, emoji))))
                .thenCompose(
                    counted ->
                        writes.async(
                            quorum(
                                countWrite(
                                    conversationId, seq, emoji, v, counted.one().getLong(0))))));
  }

  private BoundStatement countWrite(
      UUID conversationId, long seq, String emoji, long version, long count) {
    int bucket = TimelineBuckets.of(seq);
    return count == 0
        ? dropCount.bind(emoji, version, conversationId, bucket, seq)
        : setCount.bind(version, emoji, (int) count, conversationId, bucket, seq);
  }

  private static BoundStatement quorum(BoundStatement statement) {
    return statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
  }

  @ResetHandler
  void reset() {
    session.execute("TRUNCATE messages_by_conversation");
    session.execute("TRUNCATE conversation_timeline_head");
    session.execute("TRUNCATE reactions_by_message");
  }
}
