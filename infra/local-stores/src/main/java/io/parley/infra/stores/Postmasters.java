package io.parley.infra.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the postmaster of a data directory through its {@code postmaster.pid}. */
final class Postmasters {
  private static final Logger log = LoggerFactory.getLogger(Postmasters.class);

  private Postmasters() {}

  /** The live postmaster serving {@code dataDirectory}, if any. */
  static Optional<ProcessHandle> running(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      throw new UncheckedIOException(e);
    }
    return lines.stream()
        .findFirst()
        .map(String::trim)
        .filter(line -> line.matches("\\d+"))
        .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
        .filter(ProcessHandle::isAlive)
        .filter(Postmasters::isPostgres);
  }

  /** A postmaster whose owner was killed keeps running; it would block the next start. */
  static void stopOrphan(Path dataDirectory) {
    Optional<ProcessHandle> orphan = running(dataDirectory);
    if (orphan.isPresent()) {
      log.warn("Stopping a Postgres left running by an earlier run (pid {})", orphan.get().pid());
      orphan.get().destroy();
      orphan.get().onExit().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  private static boolean isPostgres(ProcessHandle handle) {
    return handle.info().command().map(command -> command.contains("postgres")).orElse(false);
  }
}
