package io.parley.query.files;

import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.support.admin.LogFold;
import io.parley.support.admin.ReadModelVerifier;
import io.parley.support.admin.RowComparison;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks the file-access read model against the log, folded on its own: every attachment of every
 * message not deleted (with its description), every current avatar and group picture.
 */
@Component
class FileAccessConsistency implements ReadModelVerifier {
  private static final class Expected {
    private final SortedMap<String, String> attachments = new TreeMap<>();
    private final SortedMap<String, String> avatars = new TreeMap<>();
    private final SortedMap<String, String> pictures = new TreeMap<>();
  }

  private final LogFold log;
  private final JdbcTemplate jdbc;

  FileAccessConsistency(LogFold log, JdbcTemplate jdbc) {
    this.log = log;
    this.jdbc = jdbc;
  }

  @Override
  public String processor() {
    return FileAccessProjection.GROUP;
  }

  @Override
  public Report verify() {
    Expected expected = new Expected();
    LogFold.Folded folded = log.fold(processor(), event -> apply(expected, event.getPayload()));
    SortedMap<String, String> attachments = new TreeMap<>();
    jdbc.query(
        "SELECT * FROM file_message_attachment",
        row -> {
          attachments.put(
              messageKey(
                  row.getString("conversation_id"),
                  row.getLong("seq"),
                  row.getString("attachment_id")),
              RowComparison.line(row.getLong("message_id"), described(row)));
        });
    SortedMap<String, String> avatars = new TreeMap<>();
    jdbc.query(
        "SELECT * FROM file_avatar",
        row -> {
          avatars.put(row.getString("user_id"), described(row));
        });
    SortedMap<String, String> pictures = new TreeMap<>();
    jdbc.query(
        "SELECT * FROM file_group_picture",
        row -> {
          pictures.put(row.getString("conversation_id"), described(row));
        });
    Predicate<String> settled = folded.settled();
    return new RowComparison(processor())
        .table(
            "file_message_attachment",
            expected.attachments,
            attachments,
            key -> settled.test(key.substring(0, key.indexOf('/'))))
        .table("file_avatar", expected.avatars, avatars, settled)
        .table("file_group_picture", expected.pictures, pictures, settled)
        .report();
  }

  private static void apply(Expected expected, Object payload) {
    if (payload instanceof MessageSentEvent e) {
      for (Attachment a : e.attachments()) {
        expected.attachments.put(
            messageKey(e.conversationId().toString(), e.seq(), a.attachmentId().toString()),
            RowComparison.line(e.messageId(), described(a)));
      }
    } else if (payload instanceof MessageDeletedEvent e) {
      String prefix = e.conversationId() + "/" + e.seq() + "/";
      expected.attachments.keySet().removeIf(key -> key.startsWith(prefix));
    } else if (payload instanceof AvatarChangedEvent e) {
      current(expected.avatars, e.userId(), e.avatar());
    } else if (payload instanceof GroupPictureChangedEvent e) {
      current(expected.pictures, e.conversationId(), e.picture());
    }
  }

  private static void current(SortedMap<String, String> rows, UUID id, Attachment attachment) {
    if (attachment == null) {
      rows.remove(id.toString());
    } else {
      rows.put(id.toString(), described(attachment));
    }
  }

  private static String messageKey(String conversationId, long seq, String attachmentId) {
    return conversationId + "/" + seq + "/" + attachmentId;
  }

  private static String described(Attachment a) {
    return RowComparison.line(
        a.attachmentId(),
        a.name(),
        a.contentType(),
        a.size(),
        a.sha256(),
        a.width(),
        a.height(),
        a.thumbnail());
  }

  private static String described(ResultSet row) throws SQLException {
    return RowComparison.line(
        row.getString("attachment_id"),
        row.getString("name"),
        row.getString("content_type"),
        row.getLong("size"),
        row.getString("sha256"),
        row.getObject("width", Integer.class),
        row.getObject("height", Integer.class),
        row.getBoolean("thumbnail"));
  }
}
