package io.parley.support.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest extends FileStoreContract {
  @TempDir Path root;
  LocalFileStore store;

  @BeforeEach
  void open() throws IOException {
    store = new LocalFileStore(root.resolve("files"));
  }

  @Override
  FileStore store() {
    return store;
  }

  @Test
  void objectsLiveUnderTheRootAndLeaveNoTemporaryFilesOrEmptyDirectories() throws IOException {
    UUID id = UUID.randomUUID();
    Path source = Files.writeString(root.resolve("in"), "bytes");
    store.put(FileKeys.original(id), source, "text/plain");
    assertThat(store.root().resolve("uploads").resolve(id.toString()).resolve("original"))
        .hasContent("bytes");
    try (Stream<Path> files = Files.walk(store.root())) {
      assertThat(files.filter(Files::isRegularFile)).hasSize(1);
    }
    store.delete(FileKeys.original(id));
    assertThat(store.root().resolve("uploads").resolve(id.toString())).doesNotExist();
    assertThat(store.root()).exists();
  }
}
