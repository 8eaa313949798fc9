package io.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * {@code replay [--events N] [--profiles configured,batched-100,axon-default] [--out docs/perf]
 * [--jar infra/standalone/target/parley-standalone-exec.jar] [--baseline-seconds S] [--jfr]}: the
 * replay benchmark (infra/bench/README.md).
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && Scenarios.NAMES.contains(args[0])) {
      Scenarios.main(args); // the load scenarios (infra/bench/README.md)
      return;
    }
    if (args.length == 0 || !args[0].equals("replay")) {
      System.err.println(
          "usage: replay [--events N] [--profiles configured,batched-100,axon-default]"
              + " [--out DIR] [--jar PATH] [--data DIR] [--baseline-seconds S] [--jfr]");
      System.exit(2);
    }
    long events = 1_000_000;
    List<String> profiles = List.of("configured");
    Path out = Path.of("docs/perf");
    Path jar = Path.of("infra/standalone/target/parley-standalone-exec.jar");
    Path data = null;
    double baselineSeconds = 10;
    boolean jfr = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
        case "--profiles" -> profiles = Arrays.asList(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        case "--baseline-seconds" -> baselineSeconds = Double.parseDouble(args[++i]);
        case "--jfr" -> jfr = true;
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    profiles.forEach(Profiles::overrides); // unknown names fail before anything starts
    if (!Files.isRegularFile(jar)) {
      System.err.println(jar + " is missing: build it with ./mvnw -q -B package -DskipTests");
      System.exit(2);
    }
    Path dataDir = data != null ? data : Files.createTempDirectory("parley-bench-");
    String command = "replay " + String.join(" ", Arrays.copyOfRange(args, 1, args.length));
    ReplayBenchmark.Result result =
        new ReplayBenchmark(
                new ReplayBenchmark.Options(
                    events, profiles, jar, dataDir, baselineSeconds, jfr, Duration.ofHours(2)))
            .run();
    ReplayReport.write(result, command, out);
    log("wrote " + out.resolve("replay.md") + " and " + out.resolve("replay.json"));
    System.exit(0);
  }

  static void log(String line) {
    System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
