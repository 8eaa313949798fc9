package io.parley.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Starts the launcher jar as the fault tests need it: the operator is admin, retries come fast. */
final class FaultyLaunch {
  static final Duration START = Duration.ofSeconds(300);

  private FaultyLaunch() {}

  /** Admins are named by user id (docs/adr/0087): the operator registered on a data directory. */
  private static final Map<Path, String> OPERATORS = new ConcurrentHashMap<>();

  /** The management port of the app started on a public port. */
  private static final Map<Integer, Integer> MANAGEMENT_PORTS = new ConcurrentHashMap<>();

  /**
   * Starts the app with the operator named admin. On a new data directory the app is started once
   * before, to register the operator and learn its id, as an operator would before naming it.
   */
  static LauncherProcess start(Path dataDir, int port) {
    String operatorId =
        OPERATORS.computeIfAbsent(
            dataDir,
            dir -> {
              try (LauncherProcess first = launch(dir, port, Map.of())) {
                return LaunchedOperator.register(port);
              }
            });
    return launch(dataDir, port, Map.of("PARLEY_ADMIN_USER_IDS", operatorId));
  }

  static int managementPort(int port) {
    return MANAGEMENT_PORTS.get(port);
  }

  private static LauncherProcess launch(Path dataDir, int port, Map<String, String> admins) {
    long started = System.nanoTime();
    int managementPort = MANAGEMENT_PORTS.computeIfAbsent(port, any -> TestPorts.free());
    Map<String, String> env = new HashMap<>(admins);
    env.put("PARLEY_ADMIN_PORT", String.valueOf(managementPort));
    // parked events (a store was down) are retried soon, not after the default minute
    env.put("PARLEY_DEAD_LETTERS_RETRY_INTERVAL", "2s");
    LauncherProcess launcher = LauncherProcess.start(dataDir, port, env);
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
}
