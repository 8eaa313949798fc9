package io.parley.command.upload;

import java.time.Instant;
import java.util.UUID;

/** {@code upload} of docs/api.md. */
record UploadView(
    UUID uploadId,
    String name,
    String contentType,
    long size,
    String sha256,
    Integer width,
    Integer height,
    boolean thumbnail,
    Instant createdAt,
    Instant expiresAt) {

  static UploadView of(Upload upload, UploadSettings settings) {
    return new UploadView(
        upload.uploadId(),
        upload.name(),
        upload.contentType(),
        upload.size(),
        upload.sha256(),
        upload.width(),
        upload.height(),
        upload.thumbnail(),
        upload.createdAt(),
        upload.expiresAt(settings));
  }
}
