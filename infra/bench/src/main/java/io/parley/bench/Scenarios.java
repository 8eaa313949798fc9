package io.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code <scenario> [--option value …]}: the load scenarios of issue 8 (infra/bench/README.md).
 * Each starts the stores and the app, measures its same-run baselines, runs, and writes {@code
 * docs/perf/<scenario>.md}, {@code .json} and {@code .html}.
 */
final class Scenarios {
  static final List<String> NAMES =
      List.of(
          "latency",
          "throughput",
          "fanout",
          "history",
          "idle",
          "coldstart",
          "idle-direct",
          "groups",
          "overload",
          "separate-push",
          "ejabberd",
          "cluster");

  /** What every scenario must report: messages owed but not delivered, and delivered twice. */
  record Outcome(String scenario, long lost, long duplicates, int droppedSockets, Path report) {}

  private Scenarios() {}

  static void main(String[] args) throws Exception {
    String scenario = args[0];
    Options options = new Options(Arrays.copyOfRange(args, 1, args.length));
    Path jar = options.path("jar", "infra/standalone/target/parley-standalone-exec.jar");
    Path out = options.path("out", "docs/perf");
    if (!Files.isRegularFile(jar)) {
      System.err.println(jar + " is missing: build it with ./mvnw -q -B package -DskipTests");
      System.exit(2);
    }
    Path data =
        options.text("data", null) != null
            ? options.path("data", null)
            : Files.createTempDirectory("parley-bench-");
    String command = String.join(" ", args);
    Outcome outcome;
    try (Stack stack = new Stack(jar, data)) {
      String app = options.text("app", "");
      for (String pair : app.isEmpty() ? new String[0] : app.split("/")) {
        stack.appProperties.put(
            pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
      outcome = run(scenario, stack, options, out, command);
    }
    Bench.log(
        String.format(
            Locale.ROOT,
            "%s: lost %d, duplicated %d, dropped sockets %d; wrote %s",
            scenario,
            outcome.lost(),
            outcome.duplicates(),
            outcome.droppedSockets(),
            outcome.report()));
    io.parley.infra.stores.LocalStores.stopAll();
    System.exit(outcome.lost() == 0 && outcome.duplicates() == 0 ? 0 : 1);
  }

  static Outcome run(String scenario, Stack stack, Options options, Path out, String command)
      throws Exception {
    return switch (scenario) {
      case "latency" -> LatencyScenario.run(stack, options, out, command);
      case "throughput" -> ThroughputScenario.run(stack, options, out, command);
      case "fanout" -> FanoutScenario.run(stack, options, out, command);
      case "history" -> HistoryScenario.run(stack, options, out, command);
      case "coldstart" -> ColdStartScenario.run(stack, options, out, command);
      case "idle" -> IdleScenario.run(stack, options, out, command);
      case "idle-direct" -> RealtimeScenarios.idleDirect(stack, options, out, command);
      case "groups" -> RealtimeScenarios.groups(stack, options, out, command);
      case "overload" -> RealtimeScenarios.overload(stack, options, out, command);
      case "separate-push" -> RealtimeScenarios.separatePush(stack, options, out, command);
      case "ejabberd" -> EjabberdScenario.run(stack, options, out, command);
      case "cluster" -> ClusterScenario.run(stack, options, out, command);
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  /** A fresh name prefix, so repeated runs on the same stores never collide. */
  static String tag(String scenario) {
    return scenario + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  }

  static String verdict(boolean met) {
    return met ? "met" : "**missed**";
  }

  /** "x% over the target" wording for a missed upper bound. */
  static String over(double value, double target) {
    return value <= target
        ? "met"
        : String.format(
            Locale.ROOT,
            "**missed** by %.1f (%.0f%% over)",
            value - target,
            100 * (value / target - 1));
  }

  /** For a missed lower bound. */
  static String under(double value, double target) {
    return value >= target
        ? "met"
        : String.format(
            Locale.ROOT,
            "**missed** by %.1f (%.0f%% short)",
            target - value,
            100 * (1 - value / target));
  }
}
