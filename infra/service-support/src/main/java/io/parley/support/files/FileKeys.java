package io.parley.support.files;

import java.util.UUID;

/**
 * Where an upload's bytes live in the {@link FileStore} (docs/adr/0141). The command side writes
 * them, the query side reads them; both name the keys only through this class.
 *
 * <ul>
 *   <li>{@code uploads/<uploadId>/original}: the bytes as stored and served (images cleaned);
 *   <li>{@code uploads/<uploadId>/thumbnail}: the preview, for images only.
 * </ul>
 */
public final class FileKeys {
  private FileKeys() {}

  public static String original(UUID uploadId) {
    return "uploads/" + uploadId + "/original";
  }

  public static String thumbnail(UUID uploadId) {
    return "uploads/" + uploadId + "/thumbnail";
  }
}
