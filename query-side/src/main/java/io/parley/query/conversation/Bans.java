package io.parley.query.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** A group's bans, oldest first: a keyset over {@code (banned_at, user_id)}. */
@Repository
class Bans {
  record Ban(
      UUID userId,
      String username,
      String displayName,
      UUID bannedBy,
      Instant bannedAt,
      UUID avatarId) {}

  @Schema(name = "BanPage")
  record Page(List<Ban> items, String nextCursor) {}

  private final JdbcTemplate jdbc;

  Bans(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  static Object[] parseCursor(String cursor) {
    if (cursor == null) {
      return null;
    }
    String[] parts = Cursor.decode(cursor, 2);
    return new Object[] {
      OffsetDateTime.ofInstant(
          Cursor.part(parts[0], s -> Cursor.instantOfMicros(Long.parseLong(s))), ZoneOffset.UTC),
      Cursor.part(parts[1], UUID::fromString)
    };
  }

  Page page(UUID conversationId, int limit, Object[] after) {
    String keyset = after == null ? "" : " AND (b.banned_at, b.user_id) > (?, ?)";
    Object[] args =
        after == null
            ? new Object[] {conversationId, limit + 1}
            : new Object[] {conversationId, after[0], after[1], limit + 1};
    List<Ban> rows =
        jdbc.query(
            "SELECT b.user_id, u.username, u.display_name, u.avatar_id, b.banned_by, b.banned_at"
                + " FROM directory_ban b LEFT JOIN directory_user u ON u.user_id = b.user_id"
                + " WHERE b.conversation_id = ?"
                + keyset
                + " ORDER BY b.banned_at, b.user_id LIMIT ?",
            (rs, i) ->
                new Ban(
                    rs.getObject("user_id", UUID.class),
                    rs.getString("username"),
                    rs.getString("display_name"),
                    rs.getObject("banned_by", UUID.class),
                    ConversationRows.instant(rs, "banned_at"),
                    rs.getObject("avatar_id", UUID.class)),
            args);
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    Ban last = rows.get(limit - 1);
    return new Page(
        rows.subList(0, limit), Cursor.encode(Cursor.micros(last.bannedAt()), last.userId()));
  }
}
