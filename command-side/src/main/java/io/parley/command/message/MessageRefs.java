package io.parley.command.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.command.conversation.CommandLookups;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
import io.parley.support.axon.AppendedRows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The command side's facts about messages (ADR 0021). Its handlers run in the subscribing {@link
 * CommandLookups#GROUP} processor inside the Conversation's unit of work, so they see every change
 * in the order the aggregate made it, and their conditional writes are the last guard against a
 * race between two commands on one message. A send's row is written with its event (see {@link
 * #sendRow}).
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
class MessageRefs {
  record Ref(
      long messageId,
      UUID conversationId,
      long seq,
      UUID senderId,
      byte[] bodySha256,
      Long replyTo,
      Instant sentAt,
      boolean deleted,
      List<Attachment> attachments) {
    boolean hasBody(String body) {
      return Arrays.equals(bodySha256, sha256(body));
    }
  }

  /** A second message reused a client message id the aggregate's window no longer remembers. */
  static final class DuplicateSend extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DuplicateSend() {
      super("duplicate clientMessageId", null, false, false);
    }
  }

  private static final String SELECT =
      "SELECT message_id, conversation_id, seq, sender_id, body_sha256, reply_to, sent_at, deleted,"
          + " attachments FROM message_ref";

  private static final String INSERT =
      "INSERT INTO message_ref (message_id, conversation_id, seq, sender_id, client_message_id,"
          + " body_sha256, reply_to, sent_at, attachments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final TypeReference<List<Attachment>> ATTACHMENTS = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  MessageRefs(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The message, if it exists in that conversation. */
  Optional<Ref> find(UUID conversationId, long messageId) {
    return jdbc
        .query(
            SELECT + " WHERE message_id = ? AND conversation_id = ?",
            this::row,
            messageId,
            conversationId)
        .stream()
        .findFirst();
  }

  Optional<Ref> findByClientId(UUID conversationId, UUID clientMessageId) {
    return jdbc
        .query(
            SELECT + " WHERE conversation_id = ? AND client_message_id = ?",
            this::row,
            conversationId,
            clientMessageId)
        .stream()
        .findFirst();
  }

  long lastSeq(UUID conversationId) {
    Long last =
        jdbc.queryForObject(
            "SELECT max(seq) FROM message_ref WHERE conversation_id = ?",
            Long.class,
            conversationId);
    return last == null ? 0 : last;
  }

  boolean hasReaction(long messageId, UUID userId, String emoji) {
    return !jdbc.queryForList(
            "SELECT 1 FROM message_reaction WHERE message_id = ? AND user_id = ? AND emoji = ?",
            Integer.class,
            messageId,
            userId,
            emoji)
        .isEmpty();
  }

  Map<String, Integer> reactionCounts(long messageId) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    jdbc.query(
        "SELECT emoji, count(*) FROM message_reaction WHERE message_id = ? GROUP BY emoji"
            + " ORDER BY emoji",
        rs -> {
          counts.put(rs.getString(1), rs.getInt(2));
        },
        messageId);
    return counts;
  }

  /**
   * The row a send brings: stored by the statement that appends its event on the JDBC store ({@link
   * WithTheAppend}, docs/adr/0209), by a handler in the unit of work on Axon Server ({@link
   * OnTheBus}).
   */
  AppendedRows.Row sendRow(MessageSentEvent event) {
    return new AppendedRows.Row(
        INSERT,
        (statement, first) -> {
          statement.setLong(first, event.messageId());
          statement.setObject(first + 1, event.conversationId());
          statement.setLong(first + 2, event.seq());
          statement.setObject(first + 3, event.senderId());
          statement.setObject(first + 4, event.clientMessageId());
          // An encrypted message's retry is told apart by its ciphertext (never its plaintext).
          statement.setBytes(
              first + 5, sha256(event.body() != null ? event.body() : event.ciphertext()));
          if (event.replyToMessageId() == null) {
            statement.setNull(first + 6, Types.BIGINT);
          } else {
            statement.setLong(first + 6, event.replyToMessageId());
          }
          statement.setTimestamp(first + 7, Timestamp.from(event.sentAt()));
          statement.setString(
              first + 8, event.attachments().isEmpty() ? null : write(event.attachments()));
        });
  }

  /** Whether {@code failure} is the unique key of a client message id: a retried send. */
  static boolean isDuplicateClientId(SQLException failure) {
    return "23505".equals(failure.getSQLState())
        && String.valueOf(failure.getMessage()).contains("client_message_id");
  }

  /** With the JDBC event store: the row goes out with the event's own insert. */
  @Component
  @ConditionalOnProperty(
      name = "axon.axonserver.enabled",
      havingValue = "false",
      matchIfMissing = true)
  static class WithTheAppend implements AppendedRows {
    private final MessageRefs refs;

    WithTheAppend(MessageRefs refs) {
      this.refs = refs;
    }

    @Override
    public Row rowOf(EventMessage<?> event) {
      return event.getPayload() instanceof MessageSentEvent sent ? refs.sendRow(sent) : null;
    }

    @Override
    public RuntimeException failure(SQLException failure) {
      return isDuplicateClientId(failure) ? new DuplicateSend() : null;
    }
  }

  /** With Axon Server: the row is written in the unit of work that appends the event. */
  @Component
  @ProcessingGroup(CommandLookups.GROUP)
  @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
  static class OnTheBus {
    private final MessageRefs refs;

    OnTheBus(MessageRefs refs) {
      this.refs = refs;
    }

    @EventHandler
    void on(MessageSentEvent event) {
      AppendedRows.Row row = refs.sendRow(event);
      try {
        refs.jdbc.update(row.insert(), statement -> row.values().bind(statement, 1));
      } catch (DuplicateKeyException e) {
        if (e.getCause() instanceof SQLException sql && isDuplicateClientId(sql)) {
          throw new DuplicateSend();
        }
        throw e;
      }
    }
  }

  @EventHandler
  void on(MessageEditedEvent event) {
    int changed =
        jdbc.update(
            "UPDATE message_ref SET edited_at = ? WHERE message_id = ? AND NOT deleted",
            Timestamp.from(event.editedAt()),
            event.messageId());
    if (changed == 0) {
      throw new DomainException(ErrorCode.CONFLICT, "A deleted message cannot be edited.");
    }
  }

  @EventHandler
  void on(MessageDeletedEvent event) {
    int changed =
        jdbc.update(
            "UPDATE message_ref SET deleted = TRUE WHERE message_id = ? AND NOT deleted",
            event.messageId());
    if (changed == 0) {
      throw new NothingChanged("already deleted");
    }
    jdbc.update("DELETE FROM message_reaction WHERE message_id = ?", event.messageId());
  }

  @EventHandler
  void on(ReactionAddedEvent event) {
    if (find(event.conversationId(), event.messageId()).map(Ref::deleted).orElse(true)) {
      throw new DomainException(ErrorCode.CONFLICT, "A deleted message takes no reactions.");
    }
    int changed =
        jdbc.update(
            "INSERT INTO message_reaction (message_id, user_id, emoji) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING",
            event.messageId(),
            event.userId(),
            event.emoji());
    if (changed == 0) {
      throw new NothingChanged("already reacted");
    }
  }

  @EventHandler
  void on(ReactionRemovedEvent event) {
    int changed =
        jdbc.update(
            "DELETE FROM message_reaction WHERE message_id = ? AND user_id = ? AND emoji = ?",
            event.messageId(),
            event.userId(),
            event.emoji());
    if (changed == 0) {
      throw new NothingChanged("no such reaction");
    }
  }

  static byte[] sha256(String body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private String write(List<Attachment> attachments) {
    try {
      return json.writeValueAsString(attachments);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("attachments are plain records", e);
    }
  }

  private List<Attachment> read(String text) {
    if (text == null) {
      return List.of();
    }
    try {
      return json.readValue(text, ATTACHMENTS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("message_ref.attachments holds what write() wrote", e);
    }
  }

  private Ref row(ResultSet rs, int i) throws SQLException {
    long replyTo = rs.getLong(6);
    boolean noReply = rs.wasNull();
    return new Ref(
        rs.getLong(1),
        rs.getObject(2, UUID.class),
        rs.getLong(3),
        rs.getObject(4, UUID.class),
        rs.getBytes(5),
        noReply ? null : replyTo,
        rs.getTimestamp(7).toInstant(),
        rs.getBoolean(8),
        read(rs.getString(9)));
  }
}
