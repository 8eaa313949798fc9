package io.parley.command.upload;

import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.support.axon.HandledWhen;
import io.parley.support.axon.WithAttachments;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code upload_reference} from the log (docs/adr/0140, 0141): a message refers to its
 * attachments until it is deleted; an avatar or group picture until it is replaced or removed.
 * Every handler is an upsert or a release keyed by ids, so a replay or a redelivered batch leaves
 * the same rows. Uploads unknown here (another installation's, or already purged) are skipped.
 */
@Component
@ProcessingGroup(UploadLifecycle.GROUP)
public class UploadLifecycle {
  public static final String GROUP = "upload-lifecycle";

  private final JdbcTemplate jdbc;

  UploadLifecycle(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  static String message(long messageId) {
    return "message:" + messageId;
  }

  static String avatar(UUID userId) {
    return "avatar:" + userId;
  }

  static String picture(UUID conversationId) {
    return "picture:" + conversationId;
  }

  /** Messages without attachments are skipped without a transaction (docs/adr/0225). */
  @EventHandler
  @HandledWhen(WithAttachments.class)
  void on(MessageSentEvent event) {
    for (Attachment attachment : event.attachments()) {
      jdbc.update(
          "INSERT INTO upload_reference (upload_id, ref)"
              + " SELECT upload_id, ? FROM upload WHERE upload_id = ?"
              + " ON CONFLICT DO NOTHING",
          message(event.messageId()),
          attachment.attachmentId());
    }
  }

  @EventHandler
  void on(MessageDeletedEvent event) {
    release(message(event.messageId()), null, event.deletedAt());
  }

  @EventHandler
  void on(AvatarChangedEvent event) {
    replace(avatar(event.userId()), event.avatar(), event.changedAt());
  }

  @EventHandler
  void on(GroupPictureChangedEvent event) {
    replace(picture(event.conversationId()), event.picture(), event.changedAt());
  }

  private void replace(String ref, Attachment current, Instant at) {
    UUID keep = current == null ? null : current.attachmentId();
    release(ref, keep, at);
    if (keep != null) {
      jdbc.update(
          "INSERT INTO upload_reference (upload_id, ref)"
              + " SELECT upload_id, ? FROM upload WHERE upload_id = ?"
              + " ON CONFLICT (upload_id, ref) DO UPDATE SET released_at = NULL",
          ref,
          keep);
    }
  }

  private void release(String ref, UUID except, Instant at) {
    jdbc.update(
        "UPDATE upload_reference SET released_at = ?"
            + " WHERE ref = ? AND released_at IS NULL AND upload_id IS DISTINCT FROM ?",
        Timestamp.from(at),
        ref,
        except);
  }
}
