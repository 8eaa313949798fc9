package io.parley.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Starts the launcher jar as the fault tests need it: the operator is admin, retries come fast. */
final class FaultyLaunch {
  static final Duration START = Duration.ofSeconds(240);

  private FaultyLaunch() {}

  static LauncherProcess start(Path dataDir, int port) {
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
    return launcher;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
