package io.parley.support.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.support.config.StoreMisconfiguredException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class FileStoreConfigurationTest {
  @TempDir Path dataDir;

  private FileStore store(MockEnvironment environment) {
    return new FileStoreConfiguration().fileStore(environment);
  }

  @Test
  void byDefaultFilesLiveInTheDataDirectory() {
    FileStore store =
        store(new MockEnvironment().withProperty("parley.data-dir", dataDir.toString()));
    assertThat(store).isInstanceOf(LocalFileStore.class);
    assertThat(((LocalFileStore) store).root()).isEqualTo(dataDir.resolve("files"));
  }

  @Test
  void aLocalDirectoryCanBeNamed() {
    FileStore store =
        store(
            new MockEnvironment()
                .withProperty("parley.files.store", "local")
                .withProperty("parley.files.local-dir", dataDir.resolve("shared").toString()));
    assertThat(((LocalFileStore) store).root()).isEqualTo(dataDir.resolve("shared"));
  }

  @Test
  void s3NeedsABucketAndUnknownStoresAreRefusedWithTheSettingToFix() {
    assertThatThrownBy(() -> store(new MockEnvironment().withProperty("parley.files.store", "s3")))
        .isInstanceOf(StoreMisconfiguredException.class)
        .extracting(e -> ((StoreMisconfiguredException) e).action())
        .asString()
        .contains("parley.files.s3.bucket");
    assertThatThrownBy(() -> store(new MockEnvironment().withProperty("parley.files.store", "ftp")))
        .isInstanceOf(StoreMisconfiguredException.class);
  }

  @Test
  void s3IsConfiguredFromProperties() throws Exception {
    FileStore store =
        store(
            new MockEnvironment()
                .withProperty("parley.files.store", "s3")
                .withProperty("parley.files.s3.bucket", "b")
                .withProperty("parley.files.s3.endpoint", "http://127.0.0.1:1")
                .withProperty("parley.files.s3.path-style", "true")
                .withProperty("parley.files.s3.access-key-id", "id")
                .withProperty("parley.files.s3.secret-access-key", "secret"));
    assertThat(store).isInstanceOf(S3FileStore.class);
    ((S3FileStore) store).close();
  }
}
