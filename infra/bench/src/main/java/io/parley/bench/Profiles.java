package io.parley.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Processor tunings to compare. {@code configured}: what the app ships with (no overrides). {@code
 * batched-100}: one thread each, batches of 100 for the directory, inbox and timeline (main before
 * the tuning). {@code axon-default}: Axon's default, one event per transaction, one thread.
 */
final class Profiles {
  private Profiles() {}

  static Map<String, String> overrides(String profile) {
    Map<String, String> overrides = new LinkedHashMap<>();
    switch (profile) {
      case "configured" -> {}
      case "axon-default", "batched-100" -> {
        for (String processor : ReplayBenchmark.PROCESSORS) {
          boolean batched =
              profile.equals("batched-100")
                  && !processor.equals("user-directory")
                  && !processor.equals("push-membership");
          String prefix = "parley.processors." + processor + ".";
          overrides.put(prefix + "mode", "tracking");
          overrides.put(prefix + "batch-size", batched ? "100" : "1");
          overrides.put(prefix + "threads", "1");
          overrides.put(prefix + "segments", "1");
        }
      }
      default -> {
        if (!profile.startsWith("custom:")) {
          throw new IllegalArgumentException(
              "unknown profile '" + profile + "' (configured, batched-100, axon-default, custom:)");
        }
        // custom:<processor|*>.<key>=<value>/... e.g. custom:*.threads=2/inbox.batch-size=500
        for (String entry : profile.substring("custom:".length()).split("/")) {
          int dot = entry.indexOf('.');
          int equals = entry.indexOf('=');
          if (dot < 0 || equals < dot) {
            throw new IllegalArgumentException("bad custom setting '" + entry + "'");
          }
          String who = entry.substring(0, dot);
          for (String processor : ReplayBenchmark.PROCESSORS) {
            if (who.equals("*") || who.equals(processor)) {
              overrides.put(
                  "parley.processors." + processor + "." + entry.substring(dot + 1, equals),
                  entry.substring(equals + 1));
            }
          }
        }
      }
    }
    return overrides;
  }

  /** The settings the standalone jar ships with (its standalone.properties). */
  static Properties configured(Path standaloneJar) {
    Properties properties = new Properties();
    try (ZipFile jar = new ZipFile(standaloneJar.toFile())) {
      ZipEntry entry = jar.getEntry("BOOT-INF/classes/standalone.properties");
      if (entry != null) {
        try (InputStream in = jar.getInputStream(entry)) {
          properties.load(in);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
