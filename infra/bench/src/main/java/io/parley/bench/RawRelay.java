package io.parley.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The raw relay ({@code io.parley.bench.raw.RawRelayServer}) in its own JVM with the app's heap
 * size: launched from this harness's own classpath, whether that is the exec jar or a test run.
 */
final class RawRelay implements AutoCloseable {
  private final Process process;
  final int port;

  /** Kept for the next scenario ({@link Stack#rawRelay}): {@link #close} leaves it running. */
  private boolean shared;

  private RawRelay(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static RawRelay start(Path logFile, List<String> jvmOptions) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    String classPath = System.getProperty("java.class.path");
    if (isSpringBootJar(classPath)) {
      // Run as java -jar <the exec jar>: Spring Boot's PropertiesLauncher starts another
      // main class from the same jar.
      command.addAll(
          List.of(
              "-cp",
              classPath,
              "-Dloader.main=io.parley.bench.raw.RawRelayServer",
              "org.springframework.boot.loader.launch.PropertiesLauncher"));
    } else {
      command.addAll(List.of("-cp", classPath, "io.parley.bench.raw.RawRelayServer"));
    }
    command.add(String.valueOf(port));
    Files.createDirectories(logFile.getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    RawRelay relay = new RawRelay(process, port);
    relay.awaitHealthy(Duration.ofSeconds(90), logFile);
    return relay;
  }

  private void awaitHealthy(Duration timeout, Path logFile) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the raw relay exited:\n" + Files.readString(logFile));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(base() + "/raw/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Bench.sleep(200);
    }
    throw new IllegalStateException("the raw relay did not start:\n" + Files.readString(logFile));
  }

  /** Whether the harness runs from its exec jar (not from classes, nor a test booter jar). */
  private static boolean isSpringBootJar(String classPath) {
    if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
      return false;
    }
    try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(classPath)) {
      return jar.stream().anyMatch(entry -> entry.getName().startsWith("BOOT-INF/classes/"));
    } catch (IOException e) {
      return false;
    }
  }

  long pid() {
    return process.pid();
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  String ws() {
    return "ws://127.0.0.1:" + port + "/ws";
  }

  /** From now on {@link #close} leaves this relay running, and only {@link #stop} ends it. */
  RawRelay shared() {
    shared = true;
    return this;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (!shared) {
      stop();
    }
  }

  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
