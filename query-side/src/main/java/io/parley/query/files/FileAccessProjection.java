package io.parley.query.files;

import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.query.rebuild.ReadModelRebuilds;
import io.parley.support.axon.HandledWhen;
import io.parley.support.axon.WithAttachments;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which files may be fetched, and through what (docs/adr/0145): each attachment of a message that
 * is not deleted, each user's current avatar, each group's current picture, with the description
 * the event carried. A deletion removes the message's rows, a change or a clear replaces the
 * avatar's or picture's row, so access ends with the event. Rows are keyed by ids and the events of
 * one conversation or account arrive in order: a redelivered event writes the same rows again.
 */
@Component
@ProcessingGroup(FileAccessProjection.GROUP)
class FileAccessProjection {
  static final String GROUP = "file-access";

  private static final String DESCRIPTION =
      "name, content_type, size, sha256, width, height, thumbnail";

  private final JdbcTemplate jdbc;
  private final ReadModelRebuilds rebuilds;

  FileAccessProjection(JdbcTemplate jdbc, ReadModelRebuilds rebuilds) {
    this.jdbc = jdbc;
    this.rebuilds = rebuilds;
  }

  /** Messages without attachments are skipped without a transaction (docs/adr/0225). */
  @EventHandler
  @HandledWhen(WithAttachments.class)
  void on(MessageSentEvent event) {
    for (Attachment a : event.attachments()) {
      jdbc.update(
          "INSERT INTO file_message_attachment (attachment_id, conversation_id, seq, message_id, "
              + DESCRIPTION
              + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
              + " ON CONFLICT (attachment_id, conversation_id, seq) DO NOTHING",
          a.attachmentId(),
          event.conversationId(),
          event.seq(),
          event.messageId(),
          a.name(),
          a.contentType(),
          a.size(),
          a.sha256(),
          a.width(),
          a.height(),
          a.thumbnail());
    }
  }

  @EventHandler
  void on(MessageDeletedEvent event) {
    jdbc.update(
        "DELETE FROM file_message_attachment WHERE conversation_id = ? AND seq = ?",
        event.conversationId(),
        event.seq());
  }

  @EventHandler
  void on(AvatarChangedEvent event) {
    current("file_avatar", "user_id", event.userId(), event.avatar());
  }

  @EventHandler
  void on(GroupPictureChangedEvent event) {
    current("file_group_picture", "conversation_id", event.conversationId(), event.picture());
  }

  /** One row per owner (a user's avatar, a group's picture): the file now, or none when cleared. */
  private void current(String table, String ownerColumn, UUID owner, Attachment a) {
    if (a == null) {
      jdbc.update("DELETE FROM " + table + " WHERE " + ownerColumn + " = ?", owner);
      return;
    }
    jdbc.update(
        "INSERT INTO "
            + table
            + " ("
            + ownerColumn
            + ", attachment_id, "
            + DESCRIPTION
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("
            + ownerColumn
            + ") DO UPDATE SET"
            + " attachment_id = EXCLUDED.attachment_id, name = EXCLUDED.name,"
            + " content_type = EXCLUDED.content_type, size = EXCLUDED.size,"
            + " sha256 = EXCLUDED.sha256, width = EXCLUDED.width, height = EXCLUDED.height,"
            + " thumbnail = EXCLUDED.thumbnail",
        owner,
        a.attachmentId(),
        a.name(),
        a.contentType(),
        a.size(),
        a.sha256(),
        a.width(),
        a.height(),
        a.thumbnail());
  }

  /** The live tables keep serving until the rebuilt ones replace them (docs/adr/0100). */
  @ResetHandler
  void reset() {
    rebuilds.begin(GROUP);
  }
}
