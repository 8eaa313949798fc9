package io.parley.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2: the send rate held by N closed-loop senders, per step of N, with every projection and
 * the push keeping up: the processors' lag (head − slowest position) is sampled every second, and
 * after each step the harness times how long the lag and the deliveries take to drain. Same-run
 * baseline: raw single-row Postgres INSERT + COMMIT at the same concurrency.
 */
final class ThroughputScenario {
  static final double TARGET_RATE = 1500;
  static final double TARGET_RATIO_TO_APPEND = 0.5;

  private ThroughputScenario() {}

  record Step(
      int concurrency,
      Load.Phase phase,
      Deliveries.Tally tally,
      long maxLag,
      double drainSeconds,
      StoreBaselines.Measured append) {
    double rate() {
      return (phase.messages() - phase.failures()) / phase.seconds();
    }

    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("concurrency", concurrency);
      map.put("messages", phase.messages());
      map.put("failedSends", phase.failures());
      map.put("seconds", Report.round(phase.seconds()));
      map.put("messagesPerSecond", Report.round(rate()));
      map.put("send", phase.send().summary().toMap());
      map.put("maxProcessorLagEvents", maxLag);
      map.put("drainSeconds", Report.round(drainSeconds));
      map.put("expectedDeliveries", tally.expected());
      map.put("lost", tally.lost());
      map.put("rawPostgresInsertCommit", append.toMap());
      map.put("ratioToRawAppend", Report.round(rate() / append.perSecond()));
      return map;
    }
  }

  static Scenarios.Outcome run(Stack stack, Options options, Path out, String command)
      throws Exception {
    int users = options.integer("users", 200);
    List<Double> concurrencies = options.decimals("concurrency", "4,16,48");
    double seconds = options.decimal("seconds", 30);
    int groupSize = options.integer("group-size", 10);
    int ackSeconds = options.integer("ack-seconds", 10);
    double baselineSeconds = options.decimal("baseline-seconds", 5);
    boolean jfr = options.flag("jfr");
    Report report =
        new Report("throughput", "Scenario 2: sustained send throughput", command, options.used());
    if (stack.app() == null) {
      stack.startApp();
    }
    String tag = Scenarios.tag("t");
    Api api = new Api(stack.base());
    List<Api.User> people = api.users(tag + "-", users, 8);
    List<Population.Conversation> conversations = Population.mixed(api, people, groupSize, tag);
    List<Step> steps = new ArrayList<>();
    long duplicates;
    int dropped;
    List<Integer> closeCodes;
    Map<String, Object> profile = null;
    try (Population population = new Population(users, conversations)) {
      population.connect(
          stack.ws(),
          people.stream().map(Api.User::token).toList(),
          Duration.ofSeconds(ackSeconds));
      Load.Target target = Load.app(api, people);
      Load.warmUp(population, target, tag, 30_000);
      for (int s = 0; s < concurrencies.size(); s++) {
        int concurrency = concurrencies.get(s).intValue();
        Bench.log("throughput: raw Postgres INSERT + COMMIT at concurrency " + concurrency);
        StoreBaselines.Measured append =
            StoreBaselines.postgresCommit(stack.dataSource, concurrency, baselineSeconds);
        Bench.log("throughput: " + concurrency + " senders for " + seconds + " s");
        boolean profiling = jfr && s == concurrencies.size() - 1;
        if (profiling) {
          Jfr.start(stack.app().pid());
        }
        AtomicLong maxLag = new AtomicLong();
        Thread sampler = lagSampler(stack, maxLag);
        Load.Phase phase =
            Load.closedLoop(population, target, concurrency, seconds, null, 7L * s, tag);
        long drainStart = System.nanoTime();
        Deliveries.Tally tally = population.deliveries.await(phase.from(), phase.to(), 60_000);
        long deadline = System.currentTimeMillis() + 60_000;
        while (stack.maxLag() > 0 && System.currentTimeMillis() < deadline) {
          Bench.sleep(100);
        }
        double drain = (System.nanoTime() - drainStart) / 1e9;
        sampler.interrupt();
        sampler.join();
        if (profiling) {
          profile = Jfr.stop(stack.app().pid(), stack.dataDir.resolve("throughput.jfr"), 12);
        }
        Step step = new Step(concurrency, phase, tally, maxLag.get(), drain, append);
        steps.add(step);
        Bench.log(
            String.format(
                "throughput: %d senders → %.0f msg/s (raw append %.0f/s), max lag %d, drained in %.1f s, lost %d",
                concurrency, step.rate(), append.perSecond(), maxLag.get(), drain, tally.lost()));
      }
      duplicates = population.deliveries.duplicates();
      dropped = population.droppedSockets();
      closeCodes = population.closeCodes();
    }
    Step best = steps.stream().max((a, b) -> Double.compare(a.rate(), b.rate())).orElseThrow();
    long lost = steps.stream().mapToLong(step -> step.tally().lost()).sum();
    report.put("users", users);
    report.put("steps", steps.stream().map(Step::toMap).toList());
    report.put("best", best.toMap());
    report.put("lost", lost);
    report.put("duplicated", duplicates);
    report.put("droppedSockets", dropped);
    report.put("closeCodes", closeCodes);
    report.put(
        "targets",
        Map.of("messagesPerSecond", TARGET_RATE, "ratioToRawAppend", TARGET_RATIO_TO_APPEND));
    if (profile != null) {
      report.put("jfr", profile);
    }
    report.md(
        "%,d users, each with one connected WebSocket device, in private groups of %d and direct"
            + " conversations (as in scenario 1). Per step, N senders each send a message (random"
            + " conversation, random member) as soon as the last was answered, for %.0f s. The"
            + " processors' lag (head of the log − slowest position, from the admin API) is sampled"
            + " every second; after the step the harness waits for every delivery and for the lag to"
            + " reach 0 (the drain). Baseline: raw single-row INSERT + COMMIT on the same Postgres at"
            + " the same concurrency, measured just before the step.%n%n",
        users, groupSize, seconds);
    report.md(
        "| senders | msg/s | send p50 ms | send p99 ms | max lag (events) | drain s | raw append rows/s |"
            + " × raw append | lost |%n|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
    for (Step step : steps) {
      Latencies.Summary send = step.phase().send().summary();
      report.md(
          "| %d | %,.0f | %.1f | %.1f | %,d | %.1f | %,.0f | %.2f | %d |%n",
          step.concurrency(),
          step.rate(),
          send.p50(),
          send.p99(),
          step.maxLag(),
          step.drainSeconds(),
          step.append().perSecond(),
          step.rate() / step.append().perSecond(),
          step.tally().lost());
    }
    report.md(
        "%nBest: %,.0f msg/s with %d senders (%.0f%% of the raw append rate at that concurrency)."
            + " Targets (issue 8): ≥ %,.0f msg/s: %s; ≥ %.0f%% of the raw append rate: %s. Steps"
            + " ran %.0f s each, not the issue's 60 s (a shared 2-core machine).%n%n",
        best.rate(),
        best.concurrency(),
        100 * best.rate() / best.append().perSecond(),
        TARGET_RATE,
        Scenarios.under(best.rate(), TARGET_RATE),
        TARGET_RATIO_TO_APPEND * 100,
        Scenarios.under(best.rate() / best.append().perSecond(), TARGET_RATIO_TO_APPEND),
        seconds);
    report.md(
        "Integrity: %,d lost, %,d duplicated deliveries; %d sockets dropped%s.%n",
        lost, duplicates, dropped, closeCodes.isEmpty() ? "" : " (close codes " + closeCodes + ")");
    if (profile != null) {
      new LatencyScenario.Run(0, null, null, null, null, 0, 0, List.of(), 0, null, profile)
          .describeProfile(report);
    }
    report.chart("send answered, best step", best.phase().send());
    report.chart("raw append, best step's concurrency", best.append().latencies());
    Path written = report.write(out);
    return new Scenarios.Outcome("throughput", lost, duplicates, dropped, written);
  }

  private static Thread lagSampler(Stack stack, AtomicLong maxLag) {
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  maxLag.accumulateAndGet(stack.maxLag(), Math::max);
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the admin API is slow under load: try again
                }
              }
            },
            "lag-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return sampler;
  }
}
