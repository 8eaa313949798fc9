package io.parley.query.files;

import java.util.UUID;

/** Where an upload's bytes are in the {@code FileStore} (the command side stores them there). */
final class FileKeys {
  private FileKeys() {}

  static String original(UUID uploadId) {
    return "uploads/" + uploadId + "/original";
  }

  static String thumbnail(UUID uploadId) {
    return "uploads/" + uploadId + "/thumbnail";
  }
}
