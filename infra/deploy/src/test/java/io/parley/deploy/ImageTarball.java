package io.parley.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** An image tarball as Jib writes it (Docker's `docker save` layout): manifest, config, layers. */
final class ImageTarball {
  /** A file in the image's root file system. */
  record Entry(String path, int mode, boolean directory, String linkTarget, String layer) {}

  final Path tarball;
  final JsonNode manifest;
  final JsonNode config;
  final List<String> layers = new ArrayList<>();

  /** Every path of the merged file system (later layers win), without the leading slash. */
  final Map<String, Entry> files = new LinkedHashMap<>();

  private final Map<String, byte[]> blobs = new HashMap<>();

  private ImageTarball(Path tarball) throws IOException {
    this.tarball = tarball;
    ObjectMapper json = new ObjectMapper();
    try (TarArchiveInputStream outer =
        new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
      for (TarArchiveEntry entry; (entry = outer.getNextTarEntry()) != null; ) {
        blobs.put(entry.getName(), outer.readAllBytes());
      }
    }
    manifest = json.readTree(blobs.get("manifest.json")).get(0);
    config = json.readTree(blobs.get(manifest.get("Config").asText()));
    manifest.get("Layers").forEach(l -> layers.add(l.asText()));
    for (String layer : layers) {
      try (TarArchiveInputStream in = layer(layer)) {
        for (TarArchiveEntry entry; (entry = in.getNextTarEntry()) != null; ) {
          String path =
              entry
                  .getName()
                  .replaceFirst("^\\./", "")
                  .replaceFirst("^/", "")
                  .replaceFirst("/$", "");
          files.put(
              path,
              new Entry(
                  path,
                  entry.getMode() & 07777,
                  entry.isDirectory(),
                  entry.isSymbolicLink() ? entry.getLinkName() : null,
                  layer));
        }
      }
    }
  }

  static ImageTarball open(Path tarball) throws IOException {
    return new ImageTarball(tarball);
  }

  private TarArchiveInputStream layer(String name) throws IOException {
    InputStream raw = new java.io.ByteArrayInputStream(blobs.get(name));
    return new TarArchiveInputStream(name.endsWith(".gz") ? new GZIPInputStream(raw) : raw);
  }

  /** The content of one file of the image. */
  String read(String path) throws IOException {
    String layer = files.get(path).layer();
    try (TarArchiveInputStream in = layer(layer)) {
      for (TarArchiveEntry entry; (entry = in.getNextTarEntry()) != null; ) {
        if (entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").equals(path)) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new IOException(path + " not in " + layer);
  }

  /** Unpacks the layers in order into a directory, as a container runtime would. */
  void extractTo(Path root) throws IOException {
    for (String layer : layers) {
      try (TarArchiveInputStream in = layer(layer)) {
        for (TarArchiveEntry entry; (entry = in.getNextTarEntry()) != null; ) {
          Path target = root.resolve(entry.getName().replaceFirst("^/", "")).normalize();
          if (!target.startsWith(root)) {
            throw new IOException("entry outside the root: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else if (entry.isSymbolicLink()) {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            continue;
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        }
      }
    }
    for (String dir : List.of("proc", "dev")) {
      Files.createDirectories(root.resolve(dir));
    }
    if (!Files.exists(root.resolve("proc"), LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("no /proc mount point");
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }
}
