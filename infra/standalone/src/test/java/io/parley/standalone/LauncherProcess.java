package io.parley.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The built standalone jar as a real process, as an operator would run it. */
final class LauncherProcess implements AutoCloseable {
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final List<ProcessHandle> children = new ArrayList<>();

  private LauncherProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  output.add(line);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "launcher-output");
    reader.setDaemon(true);
    reader.start();
  }

  static LauncherProcess start(Path dataDir, int port, Map<String, String> extraEnv) {
    return start(dataDir, port, extraEnv, List.of());
  }

  /** As {@link #start(Path, int, Map)}, with {@code jvmOptions} given to the app's JVM. */
  static LauncherProcess start(
      Path dataDir, int port, Map<String, String> extraEnv, List<String> jvmOptions) {
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.put("PARLEY_PORT", String.valueOf(port));
    env.putIfAbsent("PARLEY_ADMIN_PORT", "0");
    env.put("PARLEY_DATA_DIR", dataDir.toString());
    return startJar("parley.standalone.jar", env, jvmOptions);
  }

  /**
   * The JVM options the build gives test JVMs (root pom, {@code parley.test.jvm}): the apps these
   * tests start live as briefly as the tests (docs/adr/0215).
   */
  static List<String> testJvmOptions() {
    String options = System.getenv("PARLEY_TEST_JVM");
    return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
  }

  /** Starts the executable jar named by system property {@code jarProperty} (set by failsafe). */
  static LauncherProcess startJar(String jarProperty, Map<String, String> env) {
    return startJar(jarProperty, env, List.of());
  }

  private static LauncherProcess startJar(
      String jarProperty, Map<String, String> env, List<String> jvmOptions) {
    String jar = System.getProperty(jarProperty);
    if (jar == null) {
      throw new IllegalStateException("run through failsafe: " + jarProperty + " is not set");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    // on this small heap G1's own threads and barriers only take CPU from the start (a standalone
    // start: 14.3 s of CPU with the serial collector, 16.2 s with G1, four pairs)
    command.add("-XX:+UseSerialGC");
    command.addAll(testJvmOptions());
    command.addAll(jvmOptions);
    command.addAll(List.of("-Dparley.auth.bcrypt-cost=4", "-jar", jar));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      return new LauncherProcess(builder.start());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for a line containing {@code text}; fails if the process ends first. */
  String awaitLine(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : output) {
        if (line.contains(text)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("launcher exited before printing '" + text + "':\n" + output());
      }
      sleep(100);
    }
    throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + output());
  }

  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("launcher still running after " + timeout + ":\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Remembers the processes the launcher started (Postgres, the CQL node) to check later. */
  List<ProcessHandle> rememberChildren() {
    process.toHandle().descendants().forEach(children::add);
    return children;
  }

  /** The processes the launcher started and that run now (Postgres, the CQL node). */
  List<ProcessHandle> descendants() {
    return process.toHandle().descendants().toList();
  }

  /** SIGKILL ({@code kill -9}): the JVM ends at once, no shutdown hook runs. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, as Ctrl-C or a service manager would stop it. */
  void terminate() {
    process.destroy();
  }

  /** The last {@code lines} lines the app printed, for a failure to show. */
  String tail(int lines) {
    List<String> all = List.copyOf(output);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  String output() {
    return String.join("\n", output);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
