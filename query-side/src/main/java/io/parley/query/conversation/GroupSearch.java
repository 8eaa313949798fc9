package io.parley.query.conversation;

import io.parley.events.conversation.ConversationView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Public groups by name or topic: exact name first, then name prefix, name substring, topic
 * substring, and finally fuzzy (trigram word similarity) matches, each tier by name. Ranks are
 * small integers, so the keyset {@code (rank, lower(name), id)} is exact and pages never overlap.
 * Only public groups are ever considered: the filter is in the SQL and in the partial indexes.
 */
@Repository
class GroupSearch {
  @Schema(name = "GroupPage")
  record Page(List<ConversationView> items, String nextCursor) {}

  private final JdbcTemplate jdbc;

  GroupSearch(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  record After(int rank, String name, UUID conversationId) {}

  static After parseCursor(String cursor) {
    if (cursor == null) {
      return null;
    }
    String[] parts = Cursor.decode(cursor, 3);
    return new After(
        Cursor.part(parts[0], Integer::parseInt),
        parts[2],
        Cursor.part(parts[1], UUID::fromString));
  }

  Page search(String query, int limit, After after) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    String escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    String contains = "%" + escaped + "%";
    List<Object> args = new ArrayList<>();
    args.add(q);
    args.add(escaped + "%");
    args.add(contains);
    args.add(contains);
    args.add(q);
    args.add(contains);
    args.add(contains);
    args.add(q);
    String keyset = "";
    if (after != null) {
      keyset = " WHERE (rank, lname, conversation_id) > (?, ?, ?)";
      args.add(after.rank());
      args.add(after.name());
      args.add(after.conversationId());
    }
    args.add(limit + 1);
    List<Object[]> rows =
        jdbc.query(
            "SELECT * FROM (SELECT c.*, COALESCE(i.last_seq, 0) AS last_seq,"
                + " lower(c.name) AS lname,"
                + " CASE WHEN lower(c.name) = ? THEN 0"
                + "  WHEN lower(c.name) LIKE ? THEN 1"
                + "  WHEN lower(c.name) LIKE ? THEN 2"
                + "  WHEN lower(c.topic) LIKE ? THEN 3"
                + "  WHEN ? <% lower(c.name) THEN 4 ELSE 5 END AS rank"
                + " FROM directory_conversation c"
                + " LEFT JOIN inbox_conversation i ON i.conversation_id = c.conversation_id"
                + " WHERE c.kind = 'group' AND c.visibility = 'public'"
                + "  AND (lower(c.name) LIKE ? OR lower(c.topic) LIKE ? OR ? <% lower(c.name))"
                + ") matches"
                + keyset
                + " ORDER BY rank, lname, conversation_id LIMIT ?",
            (rs, i) ->
                new Object[] {ConversationRows.view(rs), rs.getInt("rank"), rs.getString("lname")},
            args.toArray());
    List<ConversationView> items =
        rows.stream().limit(limit).map(row -> (ConversationView) row[0]).toList();
    if (rows.size() <= limit) {
      return new Page(items, null);
    }
    Object[] last = rows.get(limit - 1);
    return new Page(
        items, Cursor.encode(last[1], ((ConversationView) last[0]).conversationId(), last[2]));
  }
}
