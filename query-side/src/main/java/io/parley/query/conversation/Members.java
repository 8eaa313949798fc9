package io.parley.query.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Member lists, owners first, then admins, then members, each by join time: a keyset over the
 * {@code (role_rank, joined_at, user_id)} index, so page 500 costs what page 1 costs.
 */
@Repository
class Members {
  record Member(
      UUID userId,
      String username,
      String displayName,
      String role,
      Instant joinedAt,
      UUID avatarId) {}

  @Schema(name = "MemberPage")
  record Page(List<Member> items, String nextCursor) {}

  private final JdbcTemplate jdbc;

  Members(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Checks a cursor's shape before any access check, so bad input is a 400 for everyone. */
  static Object[] parseCursor(String cursor) {
    if (cursor == null) {
      return null;
    }
    String[] parts = Cursor.decode(cursor, 3);
    return new Object[] {
      Cursor.part(parts[0], Short::parseShort),
      OffsetDateTime.ofInstant(
          Cursor.part(parts[1], s -> Cursor.instantOfMicros(Long.parseLong(s))), ZoneOffset.UTC),
      Cursor.part(parts[2], UUID::fromString)
    };
  }

  Page page(UUID conversationId, int limit, Object[] after) {
    String keyset = after == null ? "" : " AND (m.role_rank, m.joined_at, m.user_id) > (?, ?, ?)";
    Object[] args =
        after == null
            ? new Object[] {conversationId, limit + 1}
            : new Object[] {conversationId, after[0], after[1], after[2], limit + 1};
    List<Row> rows =
        jdbc.query(
            "SELECT m.user_id, u.username, u.display_name, u.avatar_id, m.role, m.role_rank,"
                + " m.joined_at"
                + " FROM directory_membership m"
                + " LEFT JOIN directory_user u ON u.user_id = m.user_id"
                + " WHERE m.conversation_id = ?"
                + keyset
                + " ORDER BY m.role_rank, m.joined_at, m.user_id LIMIT ?",
            (rs, i) ->
                new Row(
                    new Member(
                        rs.getObject("user_id", UUID.class),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getString("role"),
                        ConversationRows.instant(rs, "joined_at"),
                        rs.getObject("avatar_id", UUID.class)),
                    rs.getShort("role_rank")),
            args);
    if (rows.size() <= limit) {
      return new Page(rows.stream().map(Row::member).toList(), null);
    }
    Row last = rows.get(limit - 1);
    return new Page(
        rows.subList(0, limit).stream().map(Row::member).toList(),
        Cursor.encode(
            last.rank(), Cursor.micros(last.member().joinedAt()), last.member().userId()));
  }

  private record Row(Member member, short rank) {}
}
