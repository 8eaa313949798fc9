package io.parley.command.files;

import io.parley.command.conversation.Conversation;
import io.parley.command.upload.UploadCatalog;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.message.Attachment;
import io.parley.support.web.Validator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns the upload ids a request names into the attachments its command carries (ADR 0140), so the
 * aggregates see only facts and stay deterministic. Only the caller's own uploads qualify.
 */
@Component
public class Attachables {
  /** The aggregate's rule, checked here too so the refusal names the field. */
  public static final int MAX_PER_MESSAGE = Conversation.MAX_ATTACHMENTS;

  private final UploadCatalog catalog;

  Attachables(UploadCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * A message's files, in the order given; each problem is added to {@code v} under {@code field}.
   * Returns an empty list when {@code ids} is null.
   */
  public List<Attachment> forMessage(Validator v, List<String> ids, UUID ownerId, String field) {
    if (ids == null || ids.isEmpty()) {
      return List.of();
    }
    if (ids.size() > MAX_PER_MESSAGE) {
      v.require(false, field, "holds at most " + MAX_PER_MESSAGE + " files");
      return List.of();
    }
    Set<UUID> unique = new LinkedHashSet<>();
    for (String id : ids) {
      UUID uploadId = v.uuid(id, field);
      if (uploadId != null && !unique.add(uploadId)) {
        v.require(false, field, "names a file twice");
      }
    }
    List<Attachment> attachments = new ArrayList<>();
    if (unique.size() != ids.size()) {
      return attachments;
    }
    for (UUID uploadId : unique) {
      catalog
          .attachable(uploadId, ownerId)
          .ifPresentOrElse(
              attachments::add,
              () ->
                  v.require(
                      false, field, "names " + uploadId + ", which is not an upload of yours"));
    }
    return attachments;
  }

  /** An avatar or group picture: one of the caller's uploads that is an image. */
  public Attachment image(String uploadId, UUID ownerId) {
    Validator v = new Validator();
    UUID id = v.uuid(uploadId, "uploadId");
    v.throwIfInvalid();
    Attachment upload = catalog.attachable(id, ownerId).orElse(null);
    v.require(upload != null, "uploadId", "is not an upload of yours");
    v.throwIfInvalid();
    if (!upload.image()) {
      throw new DomainException(
          ErrorCode.NOT_AN_IMAGE, "That file is not a PNG, JPEG, GIF or WebP image.");
    }
    return upload;
  }
}
