package io.parley.support.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link FileStore} does; each implementation's test runs these against a real store.
 */
abstract class FileStoreContract {
  @TempDir Path scratch;

  abstract FileStore store();

  private Path file(String content) throws IOException {
    Path path = Files.createTempFile(scratch, "src", ".bin");
    Files.writeString(path, content, StandardCharsets.UTF_8);
    return path;
  }

  private static String read(Optional<InputStream> in) throws IOException {
    assertThat(in).isPresent();
    try (InputStream stream = in.get()) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String key() {
    return FileKeys.original(UUID.randomUUID());
  }

  @Test
  void storedBytesReadBackWholeAndBySize() throws IOException {
    String key = key();
    store().put(key, file("hello, files"), "text/plain");
    assertThat(store().size(key)).contains(12L);
    assertThat(read(store().open(key, 0, -1))).isEqualTo("hello, files");
  }

  @Test
  void rangedReadsGiveExactlyTheAskedBytes() throws IOException {
    String key = key();
    store().put(key, file("0123456789"), "application/octet-stream");
    assertThat(read(store().open(key, 2, 3))).isEqualTo("234");
    assertThat(read(store().open(key, 7, -1))).isEqualTo("789");
    assertThat(read(store().open(key, 8, 100))).isEqualTo("89");
    assertThat(read(store().open(key, 4, 0))).isEmpty();
    assertThat(read(store().open(key, 10, -1))).isEmpty();
  }

  @Test
  void aMissingKeyIsEmptyNotAnError() throws IOException {
    String key = key();
    assertThat(store().size(key)).isEmpty();
    assertThat(store().open(key, 0, -1)).isEmpty();
    assertThat(store().open(key, 5, 2)).isEmpty();
  }

  @Test
  void putReplacesAndDeleteRemovesIdempotently() throws IOException {
    String key = key();
    store().put(key, file("first"), "text/plain");
    store().put(key, file("second!"), "text/plain");
    assertThat(read(store().open(key, 0, -1))).isEqualTo("second!");
    store().delete(key);
    assertThat(store().size(key)).isEmpty();
    store().delete(key);
  }

  @Test
  void originalAndThumbnailAreSeparateObjects() throws IOException {
    UUID id = UUID.randomUUID();
    store().put(FileKeys.original(id), file("big"), "image/png");
    store().put(FileKeys.thumbnail(id), file("small"), "image/png");
    store().delete(FileKeys.original(id));
    assertThat(store().size(FileKeys.original(id))).isEmpty();
    assertThat(read(store().open(FileKeys.thumbnail(id), 0, -1))).isEqualTo("small");
  }

  @Test
  void keysThatCouldEscapeTheStoreAreRefused() throws IOException {
    Path source = file("x");
    for (String bad :
        new String[] {
          "../escape",
          "uploads/../../etc/passwd",
          "/etc/passwd",
          "uploads//x",
          "uploads/./x",
          "a\\b",
          "uploads/x y",
          "",
          "uploads/\u00e9",
          "C:/x",
          "uploads/x/"
        }) {
      assertThatThrownBy(() -> store().put(bad, source, "text/plain"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store().open(bad, 0, -1))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void badRangesAreRefused() throws IOException {
    String key = key();
    store().put(key, file("abc"), "text/plain");
    assertThatThrownBy(() -> store().open(key, -1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().open(key, 0, -2)).isInstanceOf(IllegalArgumentException.class);
  }
}
