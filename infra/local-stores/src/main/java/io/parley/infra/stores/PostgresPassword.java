package io.parley.infra.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The embedded Postgres superuser's password: generated on first start and kept next to the data it
 * protects, readable by its owner only. It never leaves the machine and never enters the repo.
 */
final class PostgresPassword {
  static final String FILE_NAME = "parley-password";
  private static final SecureRandom RANDOM = new SecureRandom();

  private PostgresPassword() {}

  /** 32 random bytes, URL-safe base64: no character needs quoting in SQL or a URL. */
  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static Optional<String> read(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String password = Files.readString(file, StandardCharsets.UTF_8).trim();
      return password.isEmpty() ? Optional.empty() : Optional.of(password);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the embedded Postgres password " + file, e);
    }
  }

  /** Writes the file with mode 600 before any byte of the secret lands in it. */
  static void save(Path dataDirectory, String password) {
    Path target = dataDirectory.resolve(FILE_NAME);
    try {
      Path temporary = ownerOnlyFile(dataDirectory, FILE_NAME);
      Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the embedded Postgres password in " + target, e);
    }
  }

  /** A file only its owner may read, for handing the password to {@code initdb}. */
  static Path ownerOnlyFile(Path directory, String prefix) throws IOException {
    return Files.createTempFile(
        directory,
        prefix,
        ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
  }
}
