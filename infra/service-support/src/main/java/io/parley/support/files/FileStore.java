package io.parley.support.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where file bytes live (docs/adr/0140): a directory under the data directory in the standalone
 * app, an S3-compatible bucket when configured. Keys are relative names such as {@code
 * uploads/<uploadId>/original}; a stored object never changes (a new version is a new key).
 */
public interface FileStore {

  /** Stores the file at {@code source} under {@code key}; replacing an existing key is allowed. */
  void put(String key, Path source, String contentType) throws IOException;

  /** The object's size, or empty when there is no such key. */
  Optional<Long> size(String key) throws IOException;

  /**
   * Opens the bytes {@code [offset, offset + length)} of the object ({@code length} -1: to the
   * end), or empty when there is no such key. The caller closes the stream.
   */
  Optional<InputStream> open(String key, long offset, long length) throws IOException;

  /** Removes the object; removing a missing key does nothing. */
  void delete(String key) throws IOException;
}
