package io.parley.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Starts the launcher jar as the fault tests need it: the operator is admin, retries come fast. */
final class FaultyLaunch {
  static final Duration START = Duration.ofSeconds(300);

  private FaultyLaunch() {}

  static LauncherProcess start(Path dataDir, int port) {
    long started = System.nanoTime();
    LauncherProcess launcher =
        LauncherProcess.start(
            dataDir,
            port,
            Map.of(
                "PARLEY_ADMIN_USERNAMES",
                Operator.USERNAME,
                // parked events (a store was down) are retried soon, not after the default minute
                "PARLEY_DEAD_LETTERS_RETRY_INTERVAL",
                "2s"));
    launcher.awaitLine("Parley is running", START);
    step("app started", started);
    return launcher;
  }

  /** Prints how long a step took to the test's output, for a slow run to show where. */
  static void step(String name, long startedNanos) {
    System.out.printf(
        "%s: %s in %d ms%n",
        java.time.Instant.now(), name, (System.nanoTime() - startedNanos) / 1_000_000);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
