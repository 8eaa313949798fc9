package io.parley.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names docs/metrics.md documents: the first cell of each table row, a Prometheus series
 * family name in backticks.
 */
final class DocumentedMetrics {
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\\s*\\|");

  private DocumentedMetrics() {}

  static Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    try {
      for (String line : Files.readAllLines(repositoryFile("docs/metrics.md"))) {
        Matcher row = ROW.matcher(line);
        if (row.find()) {
          names.add(row.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("docs/metrics.md documents no metric");
    }
    return names;
  }

  /** A file of the repository, found upwards from the module the tests run in. */
  static Path repositoryFile(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
