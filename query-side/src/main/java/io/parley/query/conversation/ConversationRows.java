package io.parley.query.conversation;

import io.parley.events.conversation.ConversationView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Maps the directory's conversation columns (plus {@code last_seq}) to the wire view. */
public final class ConversationRows {
  private ConversationRows() {}

  /**
   * Needs the columns of directory_conversation (with {@code picture_id} and {@code encrypted}) and
   * {@code last_seq}.
   */
  public static ConversationView view(ResultSet rs) throws SQLException {
    return new ConversationView(
        rs.getObject("conversation_id", UUID.class),
        rs.getString("kind"),
        rs.getString("name"),
        rs.getString("topic"),
        rs.getString("visibility"),
        rs.getInt("member_count"),
        instant(rs, "created_at"),
        rs.getLong("last_seq"),
        rs.getObject("picture_id", UUID.class),
        rs.getBoolean("encrypted"));
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
