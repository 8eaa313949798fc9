package io.parley.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The standalone app as a separate process, as an operator runs it: its own JVM and heap. */
final class AppProcess implements AutoCloseable {
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  final int port;

  /** The management port (127.0.0.1), the only one serving the operator API. */
  final int adminPort;

  private AppProcess(Process process, int port, int adminPort) {
    this.process = process;
    this.port = port;
    this.adminPort = adminPort;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  output.add(line);
                  if (output.size() > 2000) {
                    output.remove(0);
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "app-output");
    reader.setDaemon(true);
    reader.start();
  }

  static AppProcess start(
      Path jar, Map<String, String> env, List<String> jvmOptions, Map<String, String> properties) {
    return start(jar, env, jvmOptions, properties, "PARLEY_PORT");
  }

  /** One service of the split deployment; {@code portVariable} e.g. PARLEY_PUSH_PORT. */
  static AppProcess start(
      Path jar,
      Map<String, String> env,
      List<String> jvmOptions,
      Map<String, String> properties,
      String portVariable) {
    int port = freePort();
    int adminPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    // Extra options for a diagnosis run, e.g. a flight recording: PARLEY_BENCH_APP_JVM="-XX:...".
    String extra = System.getenv("PARLEY_BENCH_APP_JVM");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().put(portVariable, String.valueOf(port));
    builder.environment().put("PARLEY_ADMIN_PORT", String.valueOf(adminPort));
    try {
      return new AppProcess(builder.start(), port, adminPort);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + jar, e);
    }
  }

  void awaitReady(Duration timeout) {
    awaitLine("Parley is running", timeout);
  }

  void awaitLine(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output.stream().anyMatch(line -> line.contains(text))) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the app exited during start-up:\n" + tail());
      }
      Bench.sleep(200);
    }
    throw new IllegalStateException("the app was not ready within " + timeout + ":\n" + tail());
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** How many of the retained output lines (the last 2,000) contain {@code text}. */
  long linesContaining(String text) {
    return output.stream().filter(line -> line.contains(text)).count();
  }

  /** With PARLEY_BENCH_APP_LOGS=dir, the retained output goes to dir/app-PID.log (diagnosis). */
  private void keepOutput() {
    String dir = System.getenv("PARLEY_BENCH_APP_LOGS");
    if (dir == null || dir.isBlank()) {
      return;
    }
    try {
      java.nio.file.Path file = java.nio.file.Path.of(dir).resolve("app-" + pid() + ".log");
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.write(file, new ArrayList<>(output));
    } catch (java.io.IOException e) {
      // diagnosis only
    }
  }

  String tail() {
    List<String> lines = new ArrayList<>(output);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  @Override
  public void close() {
    keepOutput();
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Ports already handed to a process of this run: the kernel may offer one of them again. */
  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  /**
   * A port nobody listens on and this run has not handed out yet (the separate-push smoke once got
   * the same port for two of its three services and one failed to start).
   */
  private static synchronized int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("no free port after 100 attempts");
  }
}
