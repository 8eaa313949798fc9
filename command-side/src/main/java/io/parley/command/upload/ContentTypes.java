package io.parley.command.upload;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * The type of a file from its bytes alone (Apache Tika's magic and XML-root detection): never from
 * the request's {@code Content-Type} or the name's extension, so {@code photo.png} holding HTML is
 * {@code text/html}.
 */
final class ContentTypes {
  private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();

  private ContentTypes() {}

  static String detect(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      // No resource name in the metadata: detection by content only.
      MediaType type = TYPES.detect(in, new Metadata());
      return type.getBaseType().toString();
    }
  }
}
