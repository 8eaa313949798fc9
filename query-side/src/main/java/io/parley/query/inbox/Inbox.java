package io.parley.query.inbox;

import io.parley.events.message.MessageView;
import io.parley.query.conversation.ConversationRows;
import io.parley.query.conversation.Cursor;
import io.parley.query.message.AttachmentsJson;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads a user's inbox, newest activity first, by the keyset {@code (last_activity_at, id)}. The
 * unread count is exact: messages after the read marker minus the deleted ones after it (own
 * messages never count: sending moves the sender's marker). See docs/adr/0032.
 */
@Repository
class Inbox {
  record Peer(UUID userId, String username, String displayName, UUID avatarId) {}

  @Schema(name = "InboxItem")
  record Item(
      UUID conversationId,
      String kind,
      String name,
      String topic,
      String visibility,
      int memberCount,
      Instant createdAt,
      long lastSeq,
      UUID pictureId,
      @Schema(description = "End-to-end encrypted: messages carry a ciphertext, no body")
          boolean encrypted,
      Instant lastActivityAt,
      MessageView lastMessage,
      long readSeq,
      long unreadCount,
      Peer peer,
      @Schema(allowableValues = {"all", "mentions", "muted"}) String notificationLevel,
      @Schema(description = "Unread messages that mention me (by name, @here or @everyone)")
          long mentionCount) {}

  @Schema(name = "InboxPage")
  record Page(List<Item> items, String nextCursor) {}

  record After(OffsetDateTime lastActivityAt, UUID conversationId) {}

  private final JdbcTemplate jdbc;

  Inbox(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  static After parseCursor(String cursor) {
    if (cursor == null) {
      return null;
    }
    String[] parts = Cursor.decode(cursor, 2);
    return new After(
        OffsetDateTime.ofInstant(
            Cursor.part(parts[0], s -> Cursor.instantOfMicros(Long.parseLong(s))), ZoneOffset.UTC),
        Cursor.part(parts[1], UUID::fromString));
  }

  Page page(UUID userId, int limit, After after) {
    List<Object> args = new ArrayList<>(List.of(userId, userId));
    String keyset = "";
    if (after != null) {
      keyset = " AND (i.last_activity_at, i.conversation_id) < (?, ?)";
      args.add(after.lastActivityAt());
      args.add(after.conversationId());
    }
    args.add(limit + 1);
    List<Item> rows =
        jdbc.query(
            "SELECT c.conversation_id, c.kind, c.name, c.topic, c.visibility, c.member_count,"
                + " c.created_at, c.picture_id, c.encrypted, i.last_seq, i.last_activity_at, i.last_message_id,"
                + " i.last_sender_id, i.last_body, i.last_reply_to, i.last_created_at,"
                + " i.last_edited_at, i.last_deleted, i.last_ciphertext, i.last_attachments::text AS last_attachments, e.read_seq,"
                + " (SELECT count(*) FROM inbox_deleted_message d"
                + "   WHERE d.conversation_id = e.conversation_id AND d.seq > e.read_seq)"
                + "   AS deleted_unread,"
                + " (SELECT count(DISTINCT m.seq) FROM inbox_mention m"
                + "   WHERE m.conversation_id = e.conversation_id AND m.seq > e.read_seq"
                + "   AND (m.user_id = e.user_id OR (m.user_id = '"
                + InboxProjection.EVERYONE
                + "' AND m.sender_id <> e.user_id))) AS mention_count, e.notification_level,"
                + " p.user_id AS peer_id, p.username AS peer_username,"
                + " p.display_name AS peer_display_name, p.avatar_id AS peer_avatar_id"
                + " FROM inbox_entry e"
                + " JOIN inbox_conversation i ON i.conversation_id = e.conversation_id"
                + " JOIN directory_conversation c ON c.conversation_id = e.conversation_id"
                + " LEFT JOIN directory_user p ON c.kind = 'direct' AND p.user_id ="
                + "   CASE WHEN c.direct_user_a = ? THEN c.direct_user_b ELSE c.direct_user_a END"
                + " WHERE e.user_id = ?"
                + keyset
                + " ORDER BY i.last_activity_at DESC, i.conversation_id DESC LIMIT ?",
            (rs, i) -> item(rs),
            args.toArray());
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    Item last = rows.get(limit - 1);
    return new Page(
        rows.subList(0, limit),
        Cursor.encode(Cursor.micros(last.lastActivityAt()), last.conversationId()));
  }

  private static Item item(ResultSet rs) throws SQLException {
    var conversation = ConversationRows.view(rs);
    long lastSeq = rs.getLong("last_seq");
    long readSeq = Math.min(rs.getLong("read_seq"), lastSeq);
    long unread = Math.max(0, lastSeq - readSeq - rs.getLong("deleted_unread"));
    UUID peerId = rs.getObject("peer_id", UUID.class);
    return new Item(
        conversation.conversationId(),
        conversation.kind(),
        conversation.name(),
        conversation.topic(),
        conversation.visibility(),
        conversation.memberCount(),
        conversation.createdAt(),
        lastSeq,
        conversation.pictureId(),
        conversation.encrypted(),
        ConversationRows.instant(rs, "last_activity_at"),
        lastMessage(rs, conversation.conversationId(), lastSeq),
        rs.getLong("read_seq"),
        unread,
        peerId == null
            ? null
            : new Peer(
                peerId,
                rs.getString("peer_username"),
                rs.getString("peer_display_name"),
                rs.getObject("peer_avatar_id", UUID.class)),
        rs.getString("notification_level"),
        rs.getLong("mention_count"));
  }

  private static MessageView lastMessage(ResultSet rs, UUID conversationId, long lastSeq)
      throws SQLException {
    if (lastSeq == 0) {
      return null;
    }
    boolean deleted = rs.getBoolean("last_deleted");
    return new MessageView(
        rs.getLong("last_message_id"),
        conversationId,
        lastSeq,
        rs.getObject("last_sender_id", UUID.class),
        deleted ? null : rs.getString("last_body"),
        rs.getObject("last_reply_to", Long.class),
        ConversationRows.instant(rs, "last_created_at"),
        ConversationRows.instant(rs, "last_edited_at"),
        deleted,
        Map.of(),
        deleted ? List.of() : AttachmentsJson.read(rs.getString("last_attachments")),
        List.of(),
        false,
        deleted ? null : rs.getString("last_ciphertext"));
  }
}
