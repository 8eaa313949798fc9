package io.parley.support.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Files in a directory (by default {@code <data-dir>/files}). A write goes to a temporary file in
 * the target's directory and is moved into place atomically, so a reader sees the old object or the
 * new one, never half of one.
 */
public class LocalFileStore implements FileStore {
  private final Path root;

  public LocalFileStore(Path root) throws IOException {
    this.root = Files.createDirectories(root.toAbsolutePath().normalize());
  }

  public Path root() {
    return root;
  }

  private Path path(String key) {
    Path path = root.resolve(StoreKeys.check(key)).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("not a file key: " + key);
    }
    return path;
  }

  @Override
  public void put(String key, Path source, String contentType) throws IOException {
    Path target = path(key);
    Files.createDirectories(target.getParent());
    Path temporary = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
    try {
      Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public Optional<Long> size(String key) throws IOException {
    Path path = path(key);
    try {
      return Files.isRegularFile(path) ? Optional.of(Files.size(path)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<InputStream> open(String key, long offset, long length) throws IOException {
    StoreKeys.checkRange(offset, length);
    Path path = path(key);
    FileChannel channel;
    try {
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    channel.position(offset);
    InputStream in = Channels.newInputStream(channel);
    return Optional.of(length < 0 ? in : new BoundedInputStream(in, length));
  }

  @Override
  public void delete(String key) throws IOException {
    Path path = path(key);
    Files.deleteIfExists(path);
    // Leave no empty directories behind (uploads/<id>/), up to the root.
    for (Path dir = path.getParent();
        dir != null && dir.startsWith(root) && !dir.equals(root);
        dir = dir.getParent()) {
      try {
        Files.deleteIfExists(dir);
      } catch (DirectoryNotEmptyException e) {
        return;
      }
    }
  }
}
