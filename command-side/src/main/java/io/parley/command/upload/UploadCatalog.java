package io.parley.command.upload;

import io.parley.events.message.Attachment;
import java.util.Optional;
import java.util.UUID;

/**
 * The command side's view of uploads for the commands that attach them (docs/adr/0140): a send's
 * {@code attachmentIds}, an avatar, a group picture.
 */
public interface UploadCatalog {

  /**
   * The upload as an attachment when it exists, belongs to {@code ownerId}, is not deleted and is
   * not about to expire (an orphan's clean-up must never race the command that attaches it).
   */
  Optional<Attachment> attachable(UUID uploadId, UUID ownerId);
}
