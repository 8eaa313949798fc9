package io.parley.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Scenario 1: REST send → every other member's {@code message.created}, at a steady rate with every
 * user connected, in mixed direct and group conversations. Same-run baselines: the raw relay doing
 * the same deliveries (REST in, WebSocket out, no app logic) and one Postgres INSERT + COMMIT.
 */
final class LatencyScenario {
  static final double TARGET_P50_MS = 10;
  static final double TARGET_P99_MS = 50;

  /**
   * Issue 13: the app's p50 at most this many times the floor a send cannot go below on this
   * machine, one raw durable append plus one raw relay hop, both measured in the same run.
   */
  static final double TARGET_RATIO_TO_FLOOR = 3;

  private LatencyScenario() {}

  static Scenarios.Outcome run(Stack stack, Options options, Path out, String command)
      throws Exception {
    int users = options.integer("users", 1000);
    double rate = options.decimal("rate", 200);
    double seconds = options.decimal("seconds", 20);
    double warmSeconds = RealtimeScenarios.loadWarmupSeconds(options);
    double maxWarmSeconds = RealtimeScenarios.loadMaxWarmupSeconds(options);
    int groupSize = options.integer("group-size", 10);
    int ackSeconds = options.integer("ack-seconds", 10);
    double baselineSeconds = options.decimal("baseline-seconds", 5);
    boolean jfr = options.flag("jfr");
    Report report =
        new Report(
            "latency",
            "Scenario 1: end-to-end latency (REST send → recipient's message.created)",
            command,
            options.used());
    if (stack.app() == null) {
      stack.startApp();
    }
    String tag = Scenarios.tag("l");
    Bench.log("latency: Postgres INSERT + COMMIT baseline");
    StoreBaselines.Measured append =
        StoreBaselines.postgresCommit(stack.dataSource, 1, baselineSeconds);
    Bench.log("latency: CQL INSERT and latest-50 baselines");
    StoreBaselines.Measured cqlInsert;
    StoreBaselines.Measured cqlPage;
    try (var session = StoreBaselines.cql(stack.cqlContactPoint)) {
      cqlInsert = StoreBaselines.cqlInsert(session, 1, baselineSeconds);
      cqlPage =
          StoreBaselines.cqlLatest50(
              session, StoreBaselines.seedConversation(session, 1000), 1, baselineSeconds);
    }

    Api api = new Api(stack.base());
    Bench.log("latency: registering " + users + " users");
    List<Api.User> people = api.users(tag + "-", users, 8);
    List<Population.Conversation> conversations = Population.mixed(api, people, groupSize, tag);
    long groups = conversations.stream().filter(Population.Conversation::group).count();
    Bench.log("latency: " + groups + " groups, " + (conversations.size() - groups) + " direct");

    Bench.log("latency: raw relay baseline");
    Run raw;
    try (RawRelay relay = stack.rawRelay()) {
      raw =
          measure(
              new Population(users, conversations),
              relay.ws(),
              names(users),
              Load.relay(new Api(relay.base())),
              rate,
              seconds,
              warmSeconds,
              maxWarmSeconds,
              relay.pid(),
              Duration.ZERO,
              tag,
              null,
              null);
    }
    Bench.log("latency: raw relay " + raw.delivery.summary());

    Bench.log("latency: the app");
    Run app =
        measure(
            new Population(users, conversations),
            stack.ws(),
            people.stream().map(Api.User::token).toList(),
            Load.app(api, people),
            rate,
            seconds,
            warmSeconds,
            maxWarmSeconds,
            stack.app().pid(),
            Duration.ofSeconds(ackSeconds),
            tag,
            jfr ? stack : null,
            stack.dataDir.resolve("latency.jfr"));
    Bench.log("latency: app " + app.delivery.summary());
    Map<String, Long> lags = stack.lags();

    Latencies.Summary a = app.delivery.summary();
    Latencies.Summary r = raw.delivery.summary();
    Latencies.Summary pg = append.latencies().summary();
    report.put("users", users);
    report.put("conversations", Map.of("groups", groups, "direct", conversations.size() - groups));
    report.put("app", app.toMap());
    report.put("rawRelay", raw.toMap());
    report.put("postgresInsertCommit", append.toMap());
    report.put("cqlInsert", cqlInsert.toMap());
    report.put("cqlLatest50", cqlPage.toMap());
    report.put(
        "ratios",
        Map.of(
            "appP50ToPostgresCommitP50", Report.round(a.p50() / pg.p50()),
            "appP50ToRawRelayP50", Report.round(a.p50() / r.p50()),
            "appP99ToRawRelayP99", Report.round(a.p99() / r.p99()),
            "appP50ToAppendPlusRelayP50", Report.round(a.p50() / (pg.p50() + r.p50()))));
    report.put("processorLagAfter", lags);
    report.put(
        "targets",
        Map.of(
            "p50Ms",
            TARGET_P50_MS,
            "p99Ms",
            TARGET_P99_MS,
            "p50ToAppendPlusRelay",
            TARGET_RATIO_TO_FLOOR));
    report.md(
        "%,d users, each with one WebSocket device, in %d private groups of %d and %d direct"
            + " conversations (every user in one of each). Senders pick a group or a direct"
            + " conversation with equal odds, then a random member; %.0f msg/s open loop"
            + " (each latency counts from the send's intended start), %.0f s warm-up (at least"
            + " `--warmup-seconds`, then on while the app's JIT compilers were busy > 5%% of a 10 s"
            + " step, docs/adr/0229), then %.0f s measured. Each device heartbeats at the announced"
            + " interval and acks the highest seq it holds per conversation every %d s. Latency = intended send start → a"
            + " recipient other than the sender receives `message.created`.%n%n",
        users,
        groups,
        groupSize,
        conversations.size() - groups,
        rate,
        app.warmed().seconds(),
        seconds,
        ackSeconds);
    report.md(
        "| path | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | deliveries |%n|---|---:|---:|---:|---:|---:|---:|%n");
    row(report, "app: REST send → WebSocket message.created", a);
    row(report, "raw relay (same stack, no app logic): REST → WebSocket", r);
    row(report, "app: REST send answered (201)", app.send.summary());
    row(report, "raw Postgres single-row INSERT + COMMIT (1 thread)", pg);
    row(
        report,
        "raw CQL single-row INSERT through the driver (1 thread)",
        cqlInsert.latencies().summary());
    row(report, "raw CQL latest-50 page read (1 thread)", cqlPage.latencies().summary());
    report.md(
        "%nRatios: app p50 = %.1f× the raw durable append p50, %.1f× the raw relay p50; app p99 ="
            + " %.1f× the raw relay p99.%n%n",
        a.p50() / pg.p50(), a.p50() / r.p50(), a.p99() / r.p99());
    report.md(
        "Targets (issue 13): p50 ≤ %.0f ms: %s; p99 ≤ %.0f ms: %s; p50 ≤ %.0f× (raw durable append"
            + " p50 + raw relay p50) = %.2f ms: %s.%n%n",
        TARGET_P50_MS,
        Scenarios.over(a.p50(), TARGET_P50_MS),
        TARGET_P99_MS,
        Scenarios.over(a.p99(), TARGET_P99_MS),
        TARGET_RATIO_TO_FLOOR,
        TARGET_RATIO_TO_FLOOR * (pg.p50() + r.p50()),
        Scenarios.over(a.p50(), TARGET_RATIO_TO_FLOOR * (pg.p50() + r.p50())));
    app.describeIntegrity(report, "app");
    raw.describeIntegrity(report, "raw relay");
    report.md("Processor lag after the run (events): %s.%n", lags);
    app.describeProfile(report);
    report.chart("app: send → message.created", app.delivery);
    report.chart("raw relay: send → frame", raw.delivery);
    report.chart("app: send answered", app.send);
    report.chart("Postgres INSERT+COMMIT", append.latencies());
    Path written = report.write(out);
    return new Scenarios.Outcome(
        "latency",
        app.tally.lost() + raw.tally.lost(),
        app.duplicates + raw.duplicates,
        app.dropped + raw.dropped,
        written);
  }

  static void row(Report report, String what, Latencies.Summary s) {
    report.md(
        "| %s | %.2f | %.2f | %.2f | %.2f | %.1f | %,d |%n",
        what, s.p50(), s.p90(), s.p99(), s.p999(), s.max(), s.count());
  }

  static List<String> names(int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> "c" + i).toList();
  }

  /** One measured run of a population against a target (the app or the relay). */
  static Run measure(
      Population population,
      String url,
      List<String> tokens,
      Load.Target target,
      double rate,
      double seconds,
      double warmSeconds,
      double maxWarmSeconds,
      long pid,
      Duration ack,
      String tag,
      Stack profiled,
      Path jfrFile)
      throws Exception {
    try (population) {
      population.connect(url, tokens, ack);
      int rounds = Load.warmUp(population, target, tag, 30_000);
      Random random = new Random(42);
      int[] warmFrom = {-1};
      long[] warmFailures = {0};
      JitCompilers.Warmed warmed =
          JitCompilers.warm(
              tag,
              pid,
              warmSeconds,
              maxWarmSeconds,
              step -> {
                Load.Phase warm = Load.openLoop(population, target, rate, step, null, random, tag);
                if (warmFrom[0] < 0) {
                  warmFrom[0] = warm.from();
                }
                warmFailures[0] += warm.failures();
              });
      if (profiled != null) {
        Jfr.start(profiled.app().pid());
      }
      Latencies delivery = new Latencies();
      Load.Phase phase = Load.openLoop(population, target, rate, seconds, delivery, random, tag);
      Deliveries.Tally tally =
          population.deliveries.await(
              warmFrom[0] < 0 ? phase.from() : warmFrom[0], phase.to(), 30_000);
      Map<String, Object> profile =
          profiled != null ? Jfr.stop(profiled.app().pid(), jfrFile, 12) : null;
      return new Run(
          rounds,
          phase,
          phase.send(),
          delivery,
          tally,
          population.deliveries.duplicates(),
          population.droppedSockets(),
          population.closeCodes(),
          warmFailures[0] + phase.failures(),
          warmed,
          profile);
    }
  }

  record Run(
      int warmUpRounds,
      Load.Phase phase,
      Latencies send,
      Latencies delivery,
      Deliveries.Tally tally,
      long duplicates,
      int dropped,
      List<Integer> closeCodes,
      long failures,
      JitCompilers.Warmed warmed,
      Map<String, Object> profile) {
    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("messages", phase.messages());
      map.put("seconds", Report.round(phase.seconds()));
      map.put("achievedRate", Report.round(phase.messages() / phase.seconds()));
      map.put("delivery", delivery.summary().toMap());
      map.put("send", send.summary().toMap());
      map.put("expectedDeliveries", tally.expected());
      map.put("lost", tally.lost());
      map.put("duplicated", duplicates);
      map.put("failedSends", failures);
      map.put("failedSendsMeasured", phase.failures());
      map.put("droppedSockets", dropped);
      map.put("closeCodes", closeCodes);
      map.put("warmUpRounds", warmUpRounds);
      map.put("warmupSeconds", Report.round(warmed.seconds()));
      if (profile != null) {
        map.put("jfr", profile);
      }
      return map;
    }

    void describeIntegrity(Report report, String what) {
      report.md(
          "%s: %,d deliveries expected (warm-up and measured phases), %,d lost, %,d duplicated;"
              + " %d failed sends (%d of them in the measured phase); %d sockets dropped%s.%n%n",
          what,
          tally.expected(),
          tally.lost(),
          duplicates,
          failures,
          phase.failures(),
          dropped,
          closeCodes.isEmpty() ? "" : " (close codes " + closeCodes + ")");
    }

    void describeProfile(Report report) {
      report.profile("the measured phase", profile);
    }
  }
}
