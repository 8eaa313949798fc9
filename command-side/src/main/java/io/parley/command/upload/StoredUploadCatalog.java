package io.parley.command.upload;

import io.parley.events.message.Attachment;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Attachable: the owner's, not deleted, and either referred to by something now or more than an
 * hour before the clean-up may take it (never referred to: created + orphan TTL; released by
 * everything: last release + retention). The hour keeps a send from racing the clean-up.
 */
@Component
class StoredUploadCatalog implements UploadCatalog {
  private final UploadRows rows;
  private final UploadSettings settings;
  private final Clock clock;

  StoredUploadCatalog(UploadRows rows, UploadSettings settings, Clock clock) {
    this.rows = rows;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Optional<Attachment> attachable(UUID uploadId, UUID ownerId) {
    return rows.find(uploadId)
        .filter(upload -> upload.ownerId().equals(ownerId) && !upload.deleted())
        .filter(
            upload -> {
              var expiry = upload.expiresAt(settings);
              return expiry == null
                  || clock.instant().isBefore(expiry.minus(settings.attachMargin()));
            })
        .map(Upload::attachment);
  }
}
