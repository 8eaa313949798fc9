package io.parley.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Starts the launcher jar as the fault tests need it: the operator is admin, retries come fast. */
final class FaultyLaunch {
  static final Duration START = Duration.ofSeconds(300);

  /**
   * The CQL driver tries a lost node again every second; its default backs off to a minute (1, 2,
   * 4, 8, 16 … s), so KillCqlNodeIT waited up to one more backoff step after the node was back (15
   * s of its 17 s history check) before the timeline could be read or written again. The driver
   * reads {@code datastax-java-driver.*} system properties over its configuration.
   */
  private static final List<String> APP_JVM =
      List.of("-Ddatastax-java-driver.advanced.reconnection-policy.max-delay=1s");

  private FaultyLaunch() {}

  /** Admins are named by user id (docs/adr/0087): the operator registered on a data directory. */
  private static final Map<Path, String> OPERATORS = new ConcurrentHashMap<>();

  /** The management port of the app started on a public port. */
  private static final Map<Integer, Integer> MANAGEMENT_PORTS = new ConcurrentHashMap<>();

  /**
   * A data directory on which the app ran once and the operator registered, then stopped: made once
   * per test JVM, each new data directory starts as a copy of it (the fault tests each paid for
   * that first start before, about 25 s apiece).
   */
  private static volatile Template template;

  private record Template(Path dir, String operatorId) {}

  /** Written by a running store; a stopped one leaves none behind, and a copy must not have one. */
  private static final Set<String> PID_FILES = Set.of("postmaster.pid", "node.pid");

  /**
   * Starts the app with the operator named admin. On a new data directory the operator must be
   * registered before its id can be named, as an operator would: the directory starts as a copy of
   * one on which the app was started once (stores created, schemas migrated, the operator
   * registered) and stopped, made by the first fault test of the run.
   */
  static LauncherProcess start(Path dataDir, int port) {
    String operatorId =
        OPERATORS.computeIfAbsent(
            dataDir,
            dir -> {
              Template made = template(port);
              copy(made.dir(), dir);
              return made.operatorId();
            });
    return launch(dataDir, port, Map.of("PARLEY_ADMIN_USER_IDS", operatorId));
  }

  private static synchronized Template template(int port) {
    if (template == null) {
      try {
        Path dir = Files.createTempDirectory("parley-fault-template-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        String operatorId;
        List<ProcessHandle> stores;
        try (LauncherProcess first = launch(dir, port, Map.of())) {
          operatorId = LaunchedOperator.register(port);
          stores = first.descendants();
        }
        // the copy is taken of stopped stores only
        for (ProcessHandle store : stores) {
          store.onExit().get(60, TimeUnit.SECONDS);
        }
        template = new Template(dir, operatorId);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (Exception e) {
        throw new IllegalStateException("the operator's data directory was not made", e);
      }
    }
    return template;
  }

  /** Copies a stopped data directory, owner-only modes kept (Postgres insists on them). */
  private static void copy(Path from, Path to) {
    try {
      Files.walkFileTree(
          from,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
                throws IOException {
              Path target = to.resolve(from.relativize(dir).toString());
              if (!Files.isDirectory(target)) {
                Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              if (!PID_FILES.contains(file.getFileName().toString())) {
                Files.copy(
                    file,
                    to.resolve(from.relativize(file).toString()),
                    StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
              }
              return FileVisitResult.CONTINUE;
            }
          });
      // the data directory itself keeps the template's mode too
      Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: best effort
    }
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
    LauncherProcess launcher = LauncherProcess.start(dataDir, port, env, APP_JVM);
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
