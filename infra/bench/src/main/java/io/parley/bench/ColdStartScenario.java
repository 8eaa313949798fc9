package io.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: the standalone app from {@code java -jar} to {@code /actuator/health} UP, on stores
 * that are already running (the first launch also migrates empty schemas). Same-run baseline: the
 * raw relay (Spring Boot + Tomcat + spring-websocket, nothing else) from launch to serving.
 */
final class ColdStartScenario {
  static final double TARGET_SECONDS = 30;

  private ColdStartScenario() {}

  static Scenarios.Outcome run(Stack stack, Options options, Path out, String command)
      throws Exception {
    int runs = options.integer("runs", 3);
    Report report =
        new Report("coldstart", "Scenario 7: cold start to healthy", command, options.used());
    stack.stopApp();
    List<Double> app = new ArrayList<>();
    List<Double> banner = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      AppProcess process = AppProcess.start(stack.jar, stack.env, Stack.APP_JVM, Map.of());
      try {
        awaitHealthy(process, Duration.ofMinutes(3));
        app.add((System.nanoTime() - start) / 1e9);
        process.awaitReady(Duration.ofMinutes(1));
        banner.add((System.nanoTime() - start) / 1e9);
      } finally {
        process.close();
      }
      Bench.log(String.format("coldstart: run %d healthy after %.1f s", i + 1, app.get(i)));
    }
    List<Double> raw = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      try (RawRelay relay =
          RawRelay.start(stack.dataDir.resolve("raw-relay-start.log"), Stack.APP_JVM)) {
        raw.add((System.nanoTime() - start) / 1e9);
      }
    }
    double median = median(app);
    double rawMedian = median(raw);
    report.put("appHealthySeconds", app);
    report.put("appBannerSeconds", banner);
    report.put("rawRelayServingSeconds", raw);
    report.put("medianAppSeconds", Report.round(median));
    report.put("medianRawRelaySeconds", Report.round(rawMedian));
    report.put("ratioToRawRelay", Report.round(median / rawMedian));
    report.put("targetSeconds", TARGET_SECONDS);
    report.md(
        "Each run launches `java %s -jar parley-standalone-exec.jar` on the running stores and"
            + " polls `GET /actuator/health` every 100 ms until it answers 200 UP. The first run"
            + " migrates empty schemas (on a fresh data directory); the others start on existing"
            + " ones. Baseline: the raw relay (same Spring Boot + Tomcat + spring-websocket stack,"
            + " no application) from launch to answering HTTP.%n%n",
        String.join(" ", Stack.APP_JVM));
    report.md(
        "| run | app: launch → healthy (s) | app: → ready banner (s) | raw relay: launch → serving (s) |%n|---:|---:|---:|---:|%n");
    for (int i = 0; i < runs; i++) {
      report.md("| %d | %.1f | %.1f | %.1f |%n", i + 1, app.get(i), banner.get(i), raw.get(i));
    }
    report.md(
        "%nMedian: app %.1f s, raw relay %.1f s (%.1f×). Target (issue 8): ≤ %.0f s: %s.%n",
        median,
        rawMedian,
        median / rawMedian,
        TARGET_SECONDS,
        Scenarios.over(median, TARGET_SECONDS));
    Path written = report.write(out);
    return new Scenarios.Outcome("coldstart", 0, 0, 0, written);
  }

  static void awaitHealthy(AppProcess process, Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    URI health = URI.create("http://127.0.0.1:" + process.port + "/actuator/health");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the app exited during start-up:\n" + process.tail());
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Bench.sleep(100);
    }
    throw new IllegalStateException("not healthy within " + timeout + ":\n" + process.tail());
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
