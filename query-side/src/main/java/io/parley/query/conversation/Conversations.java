package io.parley.query.conversation;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.ConversationView;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * A conversation as one user may see it. The rule of docs/adr/0033: members see their
 * conversations; anyone signed in may look into a public group; everything else is "not found",
 * indistinguishable from an id that never existed.
 */
@Repository
public class Conversations {
  /** The conversation, the viewer's role ({@code null} when not a member) and read marker. */
  public record Seen(ConversationView conversation, String myRole, Long readSeq, UUID peerId) {
    boolean visible() {
      return myRole != null
          || ("group".equals(conversation.kind()) && "public".equals(conversation.visibility()));
    }
  }

  /**
   * What {@link #visible} asks: one boolean row when the conversation exists, none otherwise.
   * Parameters: the viewer, the conversation. Usable as a scalar subquery (null: no such
   * conversation).
   */
  public static final String VISIBLE_QUERY =
      "SELECT m.user_id IS NOT NULL"
          + " OR (c.kind = 'group' AND c.visibility = 'public')"
          + " FROM directory_conversation c"
          + " LEFT JOIN directory_membership m"
          + "   ON m.conversation_id = c.conversation_id AND m.user_id = ?"
          + " WHERE c.conversation_id = ?";

  private final JdbcTemplate jdbc;

  Conversations(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The conversation if {@code viewerId} may see it, else a 404 that reveals nothing. */
  public Seen require(UUID conversationId, UUID viewerId) {
    return find(conversationId, viewerId)
        .filter(Seen::visible)
        .orElseThrow(Conversations::notFound);
  }

  /**
   * Passes if {@code viewerId} may see the conversation, else the same 404 as {@link #require}: for
   * reads that need the permission only (a history page), one lookup by the two primary keys
   * instead of the four-table view.
   */
  public void requireVisible(UUID conversationId, UUID viewerId) {
    if (!visible(conversationId, viewerId)) {
      throw notFound();
    }
  }

  /** The 404 of a conversation the viewer may not see, or that does not exist: the same. */
  public static DomainException notFound() {
    return new DomainException(ErrorCode.NOT_FOUND, "No such conversation.");
  }

  /** Whether {@code viewerId} may see the conversation (what {@link #require} lets through). */
  public boolean visible(UUID conversationId, UUID viewerId) {
    return Boolean.TRUE.equals(
        jdbc.query(
            VISIBLE_QUERY,
            rows -> rows.next() ? rows.getBoolean(1) : null,
            viewerId,
            conversationId));
  }

  private Optional<Seen> find(UUID conversationId, UUID viewerId) {
    return jdbc
        .query(
            "SELECT c.conversation_id, c.kind, c.name, c.topic, c.visibility, c.member_count,"
                + " c.created_at, c.picture_id, c.encrypted, COALESCE(i.last_seq, 0) AS last_seq,"
                + " m.role,"
                + " e.read_seq,"
                + " CASE WHEN c.direct_user_a = ? THEN c.direct_user_b ELSE c.direct_user_a END"
                + " AS peer_id"
                + " FROM directory_conversation c"
                + " LEFT JOIN inbox_conversation i ON i.conversation_id = c.conversation_id"
                + " LEFT JOIN directory_membership m"
                + "   ON m.conversation_id = c.conversation_id AND m.user_id = ?"
                + " LEFT JOIN inbox_entry e"
                + "   ON e.conversation_id = c.conversation_id AND e.user_id = ?"
                + " WHERE c.conversation_id = ?",
            (rs, i) ->
                new Seen(
                    ConversationRows.view(rs),
                    rs.getString("role"),
                    rs.getString("role") == null ? null : rs.getLong("read_seq"),
                    rs.getObject("peer_id", UUID.class)),
            viewerId,
            viewerId,
            viewerId,
            conversationId)
        .stream()
        .findFirst();
  }
}
