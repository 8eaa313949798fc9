package io.parley.query.search;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.parley.query.conversation.Cursor;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Message search over the search read model, newest first. Who may find what is decided here, at
 * query time: only messages of conversations {@code userId} is a member of now (the directory's
 * memberships), so leaving, being removed or banned ends it with the membership event, and a public
 * group one has not joined is never searched.
 */
@Repository
class MessageSearch {
  @Schema(name = "SearchHighlight")
  record Highlight(int start, int end) {}

  @Schema(name = "MessageSearchHit")
  record Hit(
      UUID conversationId,
      String conversationKind,
      String conversationName,
      long seq,
      @JsonFormat(shape = JsonFormat.Shape.STRING) long messageId,
      UUID senderId,
      String senderName,
      Instant createdAt,
      String body,
      List<Highlight> highlights) {}

  @Schema(name = "MessageSearchPage")
  record Page(List<Hit> items, String nextCursor) {}

  /** The keyset of the last hit of a page: (created_at, conversation_id, seq) descending. */
  record After(OffsetDateTime createdAt, UUID conversationId, long seq) {}

  private final JdbcTemplate jdbc;

  MessageSearch(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  static After parseCursor(String cursor) {
    if (cursor == null) {
      return null;
    }
    String[] parts = Cursor.decode(cursor, 3);
    return new After(
        OffsetDateTime.ofInstant(
            Cursor.part(parts[0], s -> Cursor.instantOfMicros(Long.parseLong(s))), ZoneOffset.UTC),
        Cursor.part(parts[1], UUID::fromString),
        Cursor.part(parts[2], Long::parseLong));
  }

  /** The words of {@code text} as Postgres parses them, in the order they stand in the text. */
  SearchQuery parse(String text) {
    List<String> words =
        jdbc.queryForList(
            "SELECT lexeme FROM unnest(to_tsvector('simple', ?))"
                + " ORDER BY positions[1], lexeme LIMIT "
                + SearchQuery.MAX_WORDS,
            String.class,
            text);
    return new SearchQuery(words);
  }

  boolean member(UUID conversationId, UUID userId) {
    return !jdbc.queryForList(
            "SELECT 1 FROM directory_membership WHERE conversation_id = ? AND user_id = ?",
            Integer.class,
            conversationId,
            userId)
        .isEmpty();
  }

  boolean encrypted(UUID conversationId) {
    return !jdbc.queryForList(
            "SELECT 1 FROM directory_conversation WHERE conversation_id = ? AND encrypted",
            Integer.class,
            conversationId)
        .isEmpty();
  }

  Page search(UUID userId, SearchQuery query, UUID conversationId, int limit, After after) {
    List<Object> args = new ArrayList<>();
    args.add(userId);
    args.add(query.tsquery());
    StringBuilder sql =
        new StringBuilder(
            "SELECT s.conversation_id, s.seq, s.message_id, s.sender_id, s.created_at, s.body,"
                + " c.kind, CASE WHEN c.kind = 'direct' THEN peer.display_name ELSE c.name END"
                + " AS conversation_name, sender.display_name AS sender_name"
                + " FROM search_message s"
                + " JOIN directory_membership m"
                + "   ON m.conversation_id = s.conversation_id AND m.user_id = ?"
                + " JOIN directory_conversation c ON c.conversation_id = s.conversation_id"
                + " LEFT JOIN directory_user peer ON peer.user_id = CASE"
                + "   WHEN c.direct_user_a = m.user_id THEN c.direct_user_b ELSE c.direct_user_a END"
                + " LEFT JOIN directory_user sender ON sender.user_id = s.sender_id"
                + " WHERE s.words @@ to_tsquery('simple', ?)");
    if (conversationId != null) {
      sql.append(" AND s.conversation_id = ?");
      args.add(conversationId);
    }
    if (after != null) {
      sql.append(" AND (s.created_at, s.conversation_id, s.seq) < (?, ?, ?)");
      args.add(after.createdAt());
      args.add(after.conversationId());
      args.add(after.seq());
    }
    sql.append(" ORDER BY s.created_at DESC, s.conversation_id DESC, s.seq DESC LIMIT ?");
    args.add(limit + 1);
    List<Hit> hits =
        jdbc.query(
            sql.toString(),
            (rs, i) -> {
              String body = rs.getString("body");
              return new Hit(
                  rs.getObject("conversation_id", UUID.class),
                  rs.getString("kind"),
                  rs.getString("conversation_name"),
                  rs.getLong("seq"),
                  rs.getLong("message_id"),
                  rs.getObject("sender_id", UUID.class),
                  rs.getString("sender_name"),
                  rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                  body,
                  Highlights.of(body, query.words(), true).stream()
                      .map(r -> new Highlight(r.start(), r.end()))
                      .toList());
            },
            args.toArray());
    if (hits.size() <= limit) {
      return new Page(hits, null);
    }
    List<Hit> page = hits.subList(0, limit);
    Hit last = page.get(limit - 1);
    return new Page(
        List.copyOf(page),
        Cursor.encode(Cursor.micros(last.createdAt()), last.conversationId(), last.seq()));
  }
}
