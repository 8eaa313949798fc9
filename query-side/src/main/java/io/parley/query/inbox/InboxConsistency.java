package io.parley.query.inbox;

import static io.parley.support.admin.RowComparison.micros;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.NotificationLevel;
import io.parley.events.conversation.NotificationLevelChangedEvent;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import io.parley.query.message.AttachmentsJson;
import io.parley.support.admin.LogFold;
import io.parley.support.admin.ReadModelVerifier;
import io.parley.support.admin.RowComparison;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks the inbox against the log, folded on its own over the whole global stream in order (read
 * markers are published outside the conversation aggregate, so only the global order places them
 * between the messages): each conversation's last message and activity time, each member's read
 * marker and the deleted seqs. A new member starts at the conversation's last seq, a sender has
 * read their own message, markers only move forward, and an edit or deletion touches the last
 * message columns only when it is the last message. Also each member's notification level
 * (forgotten on leaving) and the mention rows of messages not deleted (docs/adr/0153, 0154).
 */
@Component
class InboxConsistency implements ReadModelVerifier {
  private static final class Conversation {
    private long lastSeq;
    private Instant lastActivityAt;
    private Long lastMessageId;
    private UUID lastSenderId;
    private String lastBody;
    private String lastCiphertext;
    private Long lastReplyTo;
    private Instant lastCreatedAt;
    private Instant lastEditedAt;
    private boolean lastDeleted;
    private List<Attachment> lastAttachments = List.of();

    private Conversation(Instant openedAt) {
      this.lastActivityAt = openedAt;
    }

    private String line() {
      return RowComparison.line(
          lastSeq,
          lastActivityAt,
          lastMessageId,
          lastSenderId,
          lastBody,
          lastReplyTo,
          lastCreatedAt,
          lastEditedAt,
          lastDeleted,
          AttachmentsJson.write(lastAttachments),
          lastCiphertext);
    }
  }

  private static final class Expected {
    private final Map<UUID, Conversation> conversations = new HashMap<>();
    private final SortedMap<String, Long> readSeqs = new TreeMap<>();
    private final SortedMap<String, String> deleted = new TreeMap<>();
    private final Map<String, NotificationLevel> levels = new HashMap<>();
    private final SortedMap<String, String> mentions = new TreeMap<>();
  }

  private final LogFold log;
  private final JdbcTemplate jdbc;

  InboxConsistency(LogFold log, JdbcTemplate jdbc) {
    this.log = log;
    this.jdbc = jdbc;
  }

  @Override
  public String processor() {
    return InboxProjection.GROUP;
  }

  @Override
  public Report verify() {
    Expected expected = new Expected();
    LogFold.Folded folded = log.fold(processor(), event -> apply(expected, event.getPayload()));

    SortedMap<String, String> conversations = new TreeMap<>();
    jdbc.query(
        "SELECT * FROM inbox_conversation",
        row -> {
          conversations.put(
              row.getString("conversation_id"),
              RowComparison.line(
                  row.getLong("last_seq"),
                  RowComparison.instant(row, "last_activity_at"),
                  row.getObject("last_message_id", Long.class),
                  row.getString("last_sender_id"),
                  row.getString("last_body"),
                  row.getObject("last_reply_to", Long.class),
                  RowComparison.instant(row, "last_created_at"),
                  RowComparison.instant(row, "last_edited_at"),
                  row.getBoolean("last_deleted"),
                  AttachmentsJson.write(AttachmentsJson.read(row.getString("last_attachments"))),
                  row.getString("last_ciphertext")));
        });
    SortedMap<String, String> entries = new TreeMap<>();
    jdbc.query(
        "SELECT user_id, conversation_id, read_seq, notification_level FROM inbox_entry",
        row -> {
          entries.put(
              row.getString("user_id") + "/" + row.getString("conversation_id"),
              row.getLong("read_seq") + "|" + row.getString("notification_level"));
        });
    SortedMap<String, String> mentions = new TreeMap<>();
    jdbc.query(
        "SELECT conversation_id, seq, user_id, sender_id FROM inbox_mention",
        row -> {
          mentions.put(
              mentionKey(
                  row.getString("conversation_id"), row.getLong("seq"), row.getString("user_id")),
              row.getString("sender_id"));
        });
    SortedMap<String, String> deleted = new TreeMap<>();
    jdbc.query(
        "SELECT conversation_id, seq FROM inbox_deleted_message",
        row -> {
          deleted.put(row.getString("conversation_id") + "/" + row.getLong("seq"), "deleted");
        });

    Predicate<String> settled = folded.settled();
    SortedMap<String, String> expectedConversations = new TreeMap<>();
    expected.conversations.forEach((id, c) -> expectedConversations.put(id.toString(), c.line()));
    SortedMap<String, String> expectedEntries = new TreeMap<>();
    expected.readSeqs.forEach(
        (key, seq) ->
            expectedEntries.put(
                key, seq + "|" + expected.levels.getOrDefault(key, NotificationLevel.ALL).wire()));
    return new RowComparison(processor())
        .table("inbox_conversation", expectedConversations, conversations, settled)
        .table(
            "inbox_entry",
            expectedEntries,
            entries,
            key -> settled.test(key.substring(key.indexOf('/') + 1)))
        .table(
            "inbox_deleted_message",
            expected.deleted,
            deleted,
            key -> settled.test(key.substring(0, key.indexOf('/'))))
        .table(
            "inbox_mention",
            expected.mentions,
            mentions,
            key -> settled.test(key.substring(0, key.indexOf('/'))))
        .report();
  }

  private static void apply(Expected expected, Object payload) {
    if (payload instanceof GroupCreatedEvent e) {
      expected.conversations.putIfAbsent(
          e.conversationId(), new Conversation(micros(e.createdAt())));
    } else if (payload instanceof DirectConversationOpenedEvent e) {
      expected.conversations.putIfAbsent(
          e.conversationId(), new Conversation(micros(e.openedAt())));
    } else if (payload instanceof MemberAddedEvent e) {
      Conversation conversation = expected.conversations.get(e.conversationId());
      expected.readSeqs.putIfAbsent(
          entry(e.userId(), e.conversationId()), conversation == null ? 0 : conversation.lastSeq);
    } else if (payload instanceof MemberRemovedEvent e) {
      expected.readSeqs.remove(entry(e.userId(), e.conversationId()));
      expected.levels.remove(entry(e.userId(), e.conversationId()));
    } else if (payload instanceof NotificationLevelChangedEvent e) {
      String key = entry(e.userId(), e.conversationId());
      if (expected.readSeqs.containsKey(key)) {
        expected.levels.put(key, e.level());
      }
    } else if (payload instanceof GroupDeletedEvent e) {
      // A deleted group leaves every inbox (docs/adr/0161).
      expected.conversations.remove(e.conversationId());
      expected.readSeqs.keySet().removeIf(key -> key.endsWith("/" + e.conversationId()));
      expected.deleted.keySet().removeIf(key -> key.startsWith(e.conversationId() + "/"));
      expected.levels.keySet().removeIf(key -> key.endsWith("/" + e.conversationId()));
      expected.mentions.keySet().removeIf(key -> key.startsWith(e.conversationId() + "/"));
    } else if (payload instanceof MessageSentEvent e) {
      mentioned(expected, e);
      sent(expected.conversations.get(e.conversationId()), e);
      read(expected, e.conversationId(), e.senderId(), e.seq());
    } else if (payload instanceof ReadMarkerMovedEvent e) {
      read(expected, e.conversationId(), e.userId(), e.seq());
    } else if (payload instanceof MessageEditedEvent e) {
      Conversation conversation = expected.conversations.get(e.conversationId());
      if (conversation != null && conversation.lastSeq == e.seq() && !conversation.lastDeleted) {
        conversation.lastBody = e.body();
        conversation.lastCiphertext = e.ciphertext();
        conversation.lastEditedAt = micros(e.editedAt());
      }
    } else if (payload instanceof MessageDeletedEvent e) {
      expected.deleted.put(e.conversationId() + "/" + e.seq(), "deleted");
      String prefix = e.conversationId() + "/" + e.seq() + "/";
      expected.mentions.subMap(prefix, prefix + Character.MAX_VALUE).clear();
      Conversation conversation = expected.conversations.get(e.conversationId());
      if (conversation != null && conversation.lastSeq == e.seq()) {
        conversation.lastBody = null;
        conversation.lastCiphertext = null;
        conversation.lastDeleted = true;
        conversation.lastAttachments = List.of();
      }
    }
  }

  private static void sent(Conversation conversation, MessageSentEvent e) {
    if (conversation == null || conversation.lastSeq >= e.seq()) {
      return;
    }
    Instant sentAt = micros(e.sentAt());
    conversation.lastSeq = e.seq();
    if (sentAt.isAfter(conversation.lastActivityAt)) {
      conversation.lastActivityAt = sentAt;
    }
    conversation.lastMessageId = e.messageId();
    conversation.lastSenderId = e.senderId();
    conversation.lastBody = e.body();
    conversation.lastCiphertext = e.ciphertext();
    conversation.lastReplyTo = e.replyToMessageId();
    conversation.lastCreatedAt = sentAt;
    conversation.lastEditedAt = null;
    conversation.lastDeleted = false;
    conversation.lastAttachments = e.attachments();
  }

  /** Read markers only move forward, and only for a member (one with an entry). */
  private static void read(Expected expected, UUID conversationId, UUID userId, long seq) {
    expected.readSeqs.computeIfPresent(
        entry(userId, conversationId), (key, readSeq) -> Math.max(readSeq, seq));
  }

  private static void mentioned(Expected expected, MessageSentEvent e) {
    if (expected.deleted.containsKey(e.conversationId() + "/" + e.seq())) {
      return;
    }
    List<UUID> users =
        e.mentionsEveryone()
            ? List.of(InboxProjection.EVERYONE)
            : e.mentions().stream().filter(u -> !u.equals(e.senderId())).toList();
    for (UUID user : users) {
      expected.mentions.put(
          mentionKey(e.conversationId().toString(), e.seq(), user.toString()),
          e.senderId().toString());
    }
  }

  private static String mentionKey(String conversationId, long seq, String userId) {
    return conversationId + "/" + seq + "/" + userId;
  }

  private static String entry(UUID userId, UUID conversationId) {
    return userId + "/" + conversationId;
  }
}
