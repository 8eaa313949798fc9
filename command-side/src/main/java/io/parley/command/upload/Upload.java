package io.parley.command.upload;

import io.parley.events.message.Attachment;
import java.time.Instant;
import java.util.UUID;

/**
 * An upload's row with its reference state: {@code active} while something (a live message, a
 * current avatar or picture) refers to it; {@code lastReleased} when everything that referred to it
 * let go.
 */
record Upload(
    UUID uploadId,
    UUID ownerId,
    String name,
    String contentType,
    long size,
    String sha256,
    String receivedSha256,
    Integer width,
    Integer height,
    boolean thumbnail,
    long storedBytes,
    Instant createdAt,
    Instant deletedAt,
    boolean referenced,
    boolean active,
    Instant lastReleased) {

  boolean deleted() {
    return deletedAt != null;
  }

  /** When the clean-up may delete it; null while something refers to it. */
  Instant expiresAt(UploadSettings settings) {
    if (active) {
      return null;
    }
    if (referenced) {
      return lastReleased.plus(settings.deletedRetention);
    }
    return createdAt.plus(settings.orphanTtl);
  }

  Attachment attachment() {
    return new Attachment(uploadId, name, contentType, size, sha256, width, height, thumbnail);
  }
}
