package io.parley.command.upload;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.files.FileKeys;
import io.parley.support.files.FileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns received bytes into a stored upload (docs/adr/0141): type from the content, images cleaned
 * and previewed, then under the upload's and the owner's locks the retry check, the quota and the
 * write. The bytes go to the store before the row commits, so a row never names missing bytes.
 */
@Service
class Uploads {
  /** The answer to a PUT: {@code created} false for a retry of an upload already stored. */
  record Stored(Upload upload, boolean created) {}

  private static final String OPAQUE = "application/octet-stream";

  private final UploadRows rows;
  private final FileStore store;
  private final TransactionTemplate transaction;
  private final UploadSettings settings;
  private final Images images;
  private final Clock clock;
  private final LifecycleBarrier barrier;

  Uploads(
      UploadRows rows,
      FileStore store,
      TransactionTemplate transaction,
      UploadSettings settings,
      Clock clock,
      LifecycleBarrier barrier) {
    this.barrier = barrier;
    this.rows = rows;
    this.store = store;
    this.transaction = transaction;
    this.settings = settings;
    this.images = new Images(settings.maxImagePixels, 2);
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
  }

  /** {@code received} holds the bytes as received, with their SHA-256; {@code work} is scratch. */
  Stored receive(
      UUID ownerId, UUID uploadId, String name, Path received, String receivedSha256, Path work)
      throws IOException {
    Optional<Stored> retry = rows.find(uploadId).map(u -> retried(u, ownerId, receivedSha256));
    if (retry.isPresent()) {
      return retry.get();
    }
    String contentType = ContentTypes.detect(received);
    Optional<Images.Cleaned> image = images.process(received, contentType, work);
    if (image.isEmpty() && Images.TYPES.contains(contentType)) {
      contentType = OPAQUE; // unreadable or over the pixel limit: a plain file, never shown inline
    }
    Path stored = image.map(Images.Cleaned::stored).orElse(received);
    long size = Files.size(stored);
    String sha256 = Digests.sha256(stored);
    long thumbnailSize = image.isPresent() ? Files.size(image.get().thumbnail()) : 0;
    Upload upload =
        new Upload(
            uploadId,
            ownerId,
            name,
            contentType,
            size,
            sha256,
            receivedSha256,
            image.map(Images.Cleaned::width).orElse(null),
            image.map(Images.Cleaned::height).orElse(null),
            image.isPresent(),
            size + thumbnailSize,
            clock.instant(),
            null,
            false,
            false,
            null);
    String type = contentType;
    return transaction.execute(
        status -> {
          rows.lock(uploadId, ownerId);
          Optional<Upload> existing = rows.find(uploadId);
          if (existing.isPresent()) {
            return retried(existing.get(), ownerId, receivedSha256);
          }
          if (rows.storedBytes(ownerId) + upload.storedBytes() > settings.quota) {
            throw new DomainException(
                ErrorCode.QUOTA_EXCEEDED,
                "This upload would take your stored files past " + settings.quota + " bytes.");
          }
          try {
            store.put(FileKeys.original(uploadId), stored, type);
            if (image.isPresent()) {
              store.put(
                  FileKeys.thumbnail(uploadId),
                  image.get().thumbnail(),
                  image.get().thumbnailType());
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          rows.insert(upload);
          return new Stored(rows.find(uploadId).orElseThrow(), true);
        });
  }

  private static Stored retried(Upload existing, UUID ownerId, String receivedSha256) {
    if (!existing.ownerId().equals(ownerId)
        || existing.deleted()
        || !existing.receivedSha256().equals(receivedSha256)) {
      throw new DomainException(
          ErrorCode.CONFLICT, "This upload id is taken by other bytes or another upload.");
    }
    return new Stored(existing, false);
  }

  /**
   * Cancels an upload nothing refers to: its bytes go now. Unknown ids and other users' uploads are
   * 404; an upload that was ever attached is 409 (its clean-up follows the message or avatar).
   */
  void cancel(UUID ownerId, UUID uploadId) throws IOException {
    Upload upload = own(ownerId, uploadId);
    if (upload.deleted()) {
      return;
    }
    if (!upload.referenced()) {
      // A send that attached it may be in the log but not yet in upload_reference.
      barrier.await();
      upload = own(ownerId, uploadId);
    }
    if (upload.referenced()) {
      throw new DomainException(ErrorCode.CONFLICT, "This upload is attached.");
    }
    transaction.executeWithoutResult(
        status -> {
          rows.lock(uploadId, ownerId);
          rows.markDeleted(uploadId, clock.instant());
        });
    deleteBytes(uploadId);
  }

  private Upload own(UUID ownerId, UUID uploadId) {
    return rows.find(uploadId)
        .filter(u -> u.ownerId().equals(ownerId))
        .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No such upload."));
  }

  void deleteBytes(UUID uploadId) throws IOException {
    store.delete(FileKeys.thumbnail(uploadId));
    store.delete(FileKeys.original(uploadId));
  }

  UploadSettings settings() {
    return settings;
  }
}
