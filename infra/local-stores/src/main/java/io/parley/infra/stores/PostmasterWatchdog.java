package io.parley.infra.stores;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded Postgres again, on the same port and data directory, when its postmaster dies
 * while the app still runs (docs/adr/0106). Postgres's own crash recovery replays the WAL, so every
 * commit it acknowledged is there again; the app's connection pool reconnects to the same URL.
 * Postgres restarts its own backends after one of them crashes; this covers the postmaster.
 */
final class PostmasterWatchdog {
  private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);
  private static final Duration CHECK_EVERY = Duration.ofMillis(250);
  private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);

  private final Path dataDirectory;
  private final int port;
  private final Map<String, String> settings;
  private final Path binaries;
  private final AtomicInteger restarts = new AtomicInteger();
  private final Thread thread;
  private volatile ProcessHandle postmaster;
  private volatile boolean stopped;

  private PostmasterWatchdog(
      Path dataDirectory, int port, Map<String, String> settings, ProcessHandle postmaster) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.settings = settings;
    this.postmaster = postmaster;
    this.binaries =
        Path.of(
                postmaster
                    .info()
                    .command()
                    .orElseThrow(() -> new IllegalStateException("postmaster binary unknown")))
            .getParent();
    this.thread = new Thread(this::run, "postgres-watchdog");
    thread.setDaemon(true);
  }

  static PostmasterWatchdog watch(Path dataDirectory, int port, Map<String, String> settings) {
    ProcessHandle postmaster =
        Postmasters.running(dataDirectory)
            .orElseThrow(
                () -> new IllegalStateException("No postmaster running in " + dataDirectory));
    PostmasterWatchdog watchdog = new PostmasterWatchdog(dataDirectory, port, settings, postmaster);
    watchdog.thread.start();
    return watchdog;
  }

  int restarts() {
    return restarts.get();
  }

  /** Before a deliberate stop, so that stop is not taken for a crash. */
  void stop() {
    stopped = true;
    thread.interrupt();
  }

  private void run() {
    try {
      while (!stopped) {
        Thread.sleep(CHECK_EVERY.toMillis());
        if (!stopped && !postmaster.isAlive()) {
          log.error(
              "The embedded Postgres (pid {}) died; starting it again on port {} (data in {})",
              postmaster.pid(),
              port,
              dataDirectory);
          restartUntilRunning();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void restartUntilRunning() throws InterruptedException {
    Duration backoff = Duration.ofMillis(500);
    while (!stopped) {
      try {
        if (pgCtlStart()) {
          postmaster =
              Postmasters.running(dataDirectory)
                  .orElseThrow(() -> new IllegalStateException("started, but no postmaster.pid"));
          restarts.incrementAndGet();
          log.warn(
              "The embedded Postgres runs again (pid {}) after crash recovery", postmaster.pid());
          return;
        }
      } catch (IOException | RuntimeException e) {
        log.warn("Starting the embedded Postgres again failed: {}", e.getMessage());
      }
      // e.g. backends of the dead postmaster still hold its shared memory: they exit on their own
      Thread.sleep(backoff.toMillis());
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : doubled;
    }
  }

  private boolean pgCtlStart() throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(List.of("-p", String.valueOf(port)));
    settings.forEach((key, value) -> options.addAll(List.of("-c", key + "=" + value)));
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      // as the library does: Postgres refuses to run as root, a user namespace makes it not root
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(
        List.of(
            binaries.resolve("pg_ctl").toString(),
            "-D",
            dataDirectory.toString(),
            "-o",
            String.join(" ", options),
            "-l",
            dataDirectory.resolve("restarted-postmaster.log").toString(),
            "-w",
            "-t",
            "120",
            "start"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    dataDirectory.resolve("restarted-postmaster.log").toFile()))
            .start();
    if (!process.waitFor(150, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return false;
    }
    return process.exitValue() == 0;
  }
}
