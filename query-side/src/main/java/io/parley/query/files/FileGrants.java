package io.parley.query.files;

import io.parley.events.message.Attachment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the file-access read model: everything through which one file id may be fetched. */
@Repository
class FileGrants {
  enum Through {
    MESSAGE,
    AVATAR,
    GROUP_PICTURE
  }

  /**
   * One way to the file: a message of conversation {@code ownerId}, the avatar of user {@code
   * ownerId}, or the picture of group {@code ownerId}: the aggregate whose events decide it.
   */
  record Grant(Through through, UUID ownerId, Attachment attachment) {}

  private static final String DESCRIPTION =
      "attachment_id, name, content_type, size, sha256, width, height, thumbnail";

  private final JdbcTemplate jdbc;

  FileGrants(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  List<Grant> of(UUID attachmentId) {
    return jdbc.query(
        "SELECT 'MESSAGE' AS through, conversation_id AS owner_id, "
            + DESCRIPTION
            + " FROM file_message_attachment WHERE attachment_id = ?"
            + " UNION ALL SELECT 'AVATAR', user_id, "
            + DESCRIPTION
            + " FROM file_avatar WHERE attachment_id = ?"
            + " UNION ALL SELECT 'GROUP_PICTURE', conversation_id, "
            + DESCRIPTION
            + " FROM file_group_picture WHERE attachment_id = ?",
        (rs, i) ->
            new Grant(
                Through.valueOf(rs.getString("through")),
                rs.getObject("owner_id", UUID.class),
                attachment(rs)),
        attachmentId,
        attachmentId,
        attachmentId);
  }

  private static Attachment attachment(ResultSet rs) throws SQLException {
    return new Attachment(
        rs.getObject("attachment_id", UUID.class),
        rs.getString("name"),
        rs.getString("content_type"),
        rs.getLong("size"),
        rs.getString("sha256"),
        rs.getObject("width", Integer.class),
        rs.getObject("height", Integer.class),
        rs.getBoolean("thumbnail"));
  }
}
