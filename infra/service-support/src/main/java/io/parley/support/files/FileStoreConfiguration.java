package io.parley.support.files;

import io.parley.support.config.StoreMisconfiguredException;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link FileStore} of every service (docs/adr/0141): {@code parley.files.store=local} (the
 * default; {@code parley.files.local-dir}, by default {@code <data-dir>/files}) or {@code s3}
 * ({@code parley.files.s3.*}). Separate command-side and query-side processes must point at the
 * same directory or bucket.
 */
@Configuration(proxyBeanMethods = false)
public class FileStoreConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public FileStore fileStore(Environment environment) {
    String kind = environment.getProperty("parley.files.store", "local");
    switch (kind) {
      case "local" -> {
        String dir = environment.getProperty("parley.files.local-dir", "");
        Path root =
            dir.isBlank()
                ? Path.of(environment.getProperty("parley.data-dir", ".parley"), "files")
                : Path.of(dir);
        try {
          return new LocalFileStore(root);
        } catch (IOException e) {
          throw new StoreMisconfiguredException(
              "files",
              "The file directory " + root.toAbsolutePath() + " cannot be created: " + e,
              "Set parley.files.local-dir (PARLEY_FILES_LOCAL_DIR) to a writable directory.",
              e);
        }
      }
      case "s3" -> {
        String bucket = environment.getProperty("parley.files.s3.bucket", "");
        if (bucket.isBlank()) {
          throw new StoreMisconfiguredException(
              "files",
              "parley.files.store=s3 but no bucket is configured.",
              "Set parley.files.s3.bucket (PARLEY_FILES_S3_BUCKET).");
        }
        return new S3FileStore(
            new S3FileStore.Settings(
                bucket,
                environment.getProperty("parley.files.s3.region", "us-east-1"),
                environment.getProperty("parley.files.s3.endpoint", ""),
                environment.getProperty("parley.files.s3.path-style", Boolean.class, false),
                environment.getProperty("parley.files.s3.access-key-id", ""),
                environment.getProperty("parley.files.s3.secret-access-key", ""),
                environment.getProperty("parley.files.s3.prefix", "")));
      }
      default ->
          throw new StoreMisconfiguredException(
              "files",
              "parley.files.store is '" + kind + "'.",
              "Set parley.files.store (PARLEY_FILES_STORE) to 'local' or 's3'.");
    }
  }
}
