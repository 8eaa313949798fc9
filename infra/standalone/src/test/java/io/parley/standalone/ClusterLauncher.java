package io.parley.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code infra/parley cluster ...} as a user runs it (docs/adr/0180), on the jars and the client
 * this build made (failsafe names them) and a data directory of the test's own.
 */
final class ClusterLauncher {
  private final Path dataDir;
  private final Map<String, String> env = new HashMap<>();
  final int port;

  ClusterLauncher(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
    env.put("PARLEY_DATA_DIR", dataDir.toString());
    env.put("PARLEY_PORT", String.valueOf(port));
    env.put("PARLEY_COMMAND_JAR", jar("parley.command-side.jar"));
    env.put("PARLEY_QUERY_JAR", jar("parley.query-side.jar"));
    env.put("PARLEY_PUSH_JAR", jar("parley.realtime-push.jar"));
    env.put("PARLEY_STANDALONE_JAR", jar("parley.standalone.jar"));
    env.put("PARLEY_STATIC_ROOT", repo().resolve("frontend/dist").toString());
    // C1 only: the JVMs start faster on a shared 2-core machine; bcrypt cost 4 for quick logins.
    // The serial collector: on these small heaps G1's own threads and barriers only take CPU from
    // the starts (a standalone start: 14.3 s of CPU against 16.2 s with G1, four pairs).
    env.put(
        "PARLEY_CLUSTER_JAVA_OPTS",
        "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dparley.auth.bcrypt-cost=4");
  }

  /** Names the operator's user id as admin in every process started from now on. */
  void admins(String userIds) {
    env.put("PARLEY_ADMIN_USER_IDS", userIds);
  }

  /** Runs {@code infra/parley cluster <args>} and answers its output; fails on a non-zero exit. */
  String run(Duration timeout, String... args) {
    try {
      Path output = Files.createTempFile(dataDir, "cluster-", ".out");
      java.util.List<String> command = new java.util.ArrayList<>();
      command.add(repo().resolve("infra/parley").toString());
      command.add("cluster");
      command.addAll(java.util.List.of(args));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .directory(repo().toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "cluster "
                + String.join(" ", args)
                + " still running after "
                + timeout
                + ":\n"
                + Files.readString(output, StandardCharsets.UTF_8));
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "cluster " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The operator (management) port of one process, e.g. {@code query-1}. */
  int operatorPort(String name) {
    try {
      for (String line : Files.readAllLines(runDir().resolve("ports"))) {
        if (line.startsWith(name + "-admin=")) {
          return Integer.parseInt(line.substring(line.indexOf('=') + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("no operator port for " + name);
  }

  Path runDir() {
    return dataDir.resolve("cluster");
  }

  /**
   * Copies every log of the run directory (the services', their previous runs', nginx's errors and
   * failed requests) to {@code target/cluster-logs/<name>}, which outlives the test's data
   * directory.
   */
  void keepLogs(String name) {
    Path kept = Path.of("target", "cluster-logs", name);
    try (java.util.stream.Stream<Path> files = Files.list(runDir())) {
      Files.createDirectories(kept);
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        Files.copy(
            log,
            kept.resolve(log.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("could not keep the cluster's logs: " + e);
    }
  }

  /** The last lines of one process's log, for a failure to show. */
  String tail(String name, int lines) {
    try {
      java.util.List<String> all = Files.readAllLines(runDir().resolve(name + ".log"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static Path repo() {
    // failsafe runs in infra/standalone
    return Path.of("").toAbsolutePath().resolve("../..").normalize();
  }

  private static String jar(String property) {
    String jar = System.getProperty(property);
    if (jar == null) {
      throw new IllegalStateException("run through failsafe: " + property + " is not set");
    }
    return Path.of(jar).toAbsolutePath().normalize().toString();
  }
}
