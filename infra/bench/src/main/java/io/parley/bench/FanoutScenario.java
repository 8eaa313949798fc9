package io.parley.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Scenario 3: one group whose every member is connected, at rising publish rates; deliveries per
 * second and delivery latency per step. Same-run baselines: the raw relay broadcasting to the same
 * number of sockets at the same rates, and at saturation (closed-loop broadcasts): the ceiling.
 */
final class FanoutScenario {
  static final double TARGET_DELIVERIES = 25_000;
  static final double TARGET_P99_MS = 200;
  static final double TARGET_RATIO = 0.4;

  private FanoutScenario() {}

  record Step(double rate, Load.Phase phase, Deliveries.Tally tally, Latencies delivery) {
    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("publishRate", rate);
      map.put("messages", phase.messages());
      map.put("failedSends", phase.failures());
      map.put("expectedDeliveries", tally.expected());
      map.put("lost", tally.lost());
      map.put("deliveriesPerSecond", Report.round(tally.deliveriesPerSecond()));
      map.put("delivery", delivery.summary().toMap());
      map.put("send", phase.send().summary().toMap());
      return map;
    }
  }

  record Side(
      List<Step> steps, Step saturation, long duplicates, int dropped, List<Integer> codes) {
    long lost() {
      return steps.stream().mapToLong(s -> s.tally().lost()).sum()
          + (saturation == null ? 0 : saturation.tally().lost());
    }

    /** The highest step whose p99 stays within the target (or the first step when none does). */
    Step best() {
      return steps.stream()
          .filter(s -> s.delivery().summary().p99() <= TARGET_P99_MS)
          .max(
              (a, b) ->
                  Double.compare(a.tally().deliveriesPerSecond(), b.tally().deliveriesPerSecond()))
          .orElse(steps.get(0));
    }
  }

  static Scenarios.Outcome run(Stack stack, Options options, Path out, String command)
      throws Exception {
    int members = options.integer("members", 1000);
    List<Double> rates = options.decimals("rates", "5,10,20,40");
    double seconds = options.decimal("step-seconds", 10);
    int ackSeconds = options.integer("ack-seconds", 0);
    boolean jfr = options.flag("jfr");
    Report report =
        new Report("fanout", "Scenario 3: fan-out to one big group", command, options.used());
    if (stack.app() == null) {
      stack.startApp();
    }
    String tag = Scenarios.tag("f");
    Api api = new Api(stack.base());
    Bench.log("fanout: registering " + members + " members");
    List<Api.User> people = api.users(tag + "-", members, 8);
    Population.Conversation group = Population.bigGroup(api, people, tag);
    List<Population.Conversation> conversations = List.of(group);

    Bench.log("fanout: raw relay baseline");
    Side raw;
    try (RawRelay relay = stack.rawRelay()) {
      raw =
          side(
              new Population(members, conversations),
              relay.ws(),
              LatencyScenario.names(members),
              Load.relay(new Api(relay.base())),
              rates,
              seconds,
              Duration.ZERO,
              tag,
              true,
              null,
              null);
    }
    Bench.log("fanout: the app");
    Map<String, Object> profile = new LinkedHashMap<>();
    Side app =
        side(
            new Population(members, conversations),
            stack.ws(),
            people.stream().map(Api.User::token).toList(),
            Load.app(api, people),
            rates,
            seconds,
            Duration.ofSeconds(ackSeconds),
            tag,
            false,
            jfr ? stack : null,
            profile);

    double ceiling = raw.saturation().tally().deliveriesPerSecond();
    Step best = app.best();
    double bestRate = best.tally().deliveriesPerSecond();
    double peak =
        app.steps().stream().mapToDouble(s -> s.tally().deliveriesPerSecond()).max().orElse(0);
    report.put("members", members);
    report.put("app", app.steps().stream().map(Step::toMap).toList());
    report.put("rawRelay", raw.steps().stream().map(Step::toMap).toList());
    report.put("rawRelaySaturation", raw.saturation().toMap());
    report.put("rawBroadcastCeilingDeliveriesPerSecond", Report.round(ceiling));
    report.put("appBestWithinP99Target", best.toMap());
    report.put("ratioBestToCeiling", Report.round(bestRate / ceiling));
    report.put("lost", app.lost() + raw.lost());
    report.put("duplicated", app.duplicates() + raw.duplicates());
    report.put("droppedSockets", app.dropped() + raw.dropped());
    report.put(
        "targets",
        Map.of(
            "deliveriesPerSecond",
            TARGET_DELIVERIES,
            "p99Ms",
            TARGET_P99_MS,
            "ratioToCeiling",
            TARGET_RATIO));
    if (!profile.isEmpty()) {
      report.put("jfr", profile);
    }
    report.md(
        "One public group of %,d members, every member connected with one WebSocket device."
            + " Per step a random member sends at the step's rate (open loop) for %.0f s; the"
            + " harness then waits for every delivery before the next step. Deliveries/s = deliveries"
            + " of the step ÷ (last delivery − first intended send). Latency = intended send →"
            + " each other member's `message.created`. Devices heartbeat; %s The raw relay runs the"
            + " same steps (REST broadcast → every socket), then a saturation run: 4 closed-loop"
            + " broadcasters for %.0f s, the delivery ceiling of the stack on this machine.%n%n",
        members,
        seconds,
        ackSeconds == 0
            ? "they do not ack here (`--ack-seconds 1` acks as the browser does in a busy"
                + " conversation; docs/adr/0222)."
            : "they ack every "
                + ackSeconds
                + " s, as the browser does in a busy conversation (docs/adr/0222).",
        seconds);
    report.md(
        "| publish msg/s | app deliveries/s | app p50 ms | app p99 ms | raw deliveries/s | raw p50 ms |"
            + " raw p99 ms | app lost |%n|---:|---:|---:|---:|---:|---:|---:|---:|%n");
    for (int i = 0; i < app.steps().size(); i++) {
      Step a = app.steps().get(i);
      Step r = raw.steps().get(i);
      report.md(
          "| %.0f | %,.0f | %.1f | %.1f | %,.0f | %.1f | %.1f | %d |%n",
          a.rate(),
          a.tally().deliveriesPerSecond(),
          a.delivery().summary().p50(),
          a.delivery().summary().p99(),
          r.tally().deliveriesPerSecond(),
          r.delivery().summary().p50(),
          r.delivery().summary().p99(),
          a.tally().lost());
    }
    report.md(
        "%nRaw broadcast ceiling (saturation): %,.0f deliveries/s (p99 %.1f ms).%n%n"
            + "Best app step within p99 ≤ %.0f ms: %,.0f deliveries/s at %.0f msg/s (peak over all"
            + " steps %,.0f/s) = %.0f%% of the raw ceiling. Targets (issue 8): ≥ %,.0f deliveries/s"
            + " with p99 ≤ %.0f ms: %s; ≥ %.0f%% of the raw ceiling: %s.%n%n",
        ceiling,
        raw.saturation().delivery().summary().p99(),
        TARGET_P99_MS,
        bestRate,
        best.rate(),
        peak,
        100 * bestRate / ceiling,
        TARGET_DELIVERIES,
        TARGET_P99_MS,
        Scenarios.under(bestRate, TARGET_DELIVERIES),
        TARGET_RATIO * 100,
        Scenarios.under(bestRate / ceiling, TARGET_RATIO));
    report.md(
        "Integrity: app %,d lost, %,d duplicated, %d sockets dropped%s; raw relay %,d lost, %,d"
            + " duplicated.%n",
        app.lost(),
        app.duplicates(),
        app.dropped(),
        app.codes().isEmpty() ? "" : " (close codes " + app.codes() + ")",
        raw.lost(),
        raw.duplicates());
    if (!profile.isEmpty()) {
      new LatencyScenario.Run(0, null, null, null, null, 0, 0, List.of(), 0, null, profile)
          .describeProfile(report);
    }
    for (Step step : app.steps()) {
      report.chart(String.format("app at %.0f msg/s", step.rate()), step.delivery());
    }
    report.chart("raw relay at saturation", raw.saturation().delivery());
    Path written = report.write(out);
    return new Scenarios.Outcome(
        "fanout",
        app.lost() + raw.lost(),
        app.duplicates() + raw.duplicates(),
        app.dropped() + raw.dropped(),
        written);
  }

  private static Side side(
      Population population,
      String url,
      List<String> tokens,
      Load.Target target,
      List<Double> rates,
      double seconds,
      Duration ack,
      String tag,
      boolean saturate,
      Stack profiled,
      Map<String, Object> profile)
      throws Exception {
    try (population) {
      population.connect(url, tokens, ack);
      Load.warmUp(population, target, tag, 30_000);
      List<Step> steps = new ArrayList<>();
      Random random = new Random(3);
      for (int i = 0; i < rates.size(); i++) {
        double rate = rates.get(i);
        boolean profiling = profiled != null && i == rates.size() - 1;
        if (profiling) {
          Jfr.start(profiled.app().pid());
        }
        Latencies delivery = new Latencies();
        Load.Phase phase = Load.openLoop(population, target, rate, seconds, delivery, random, tag);
        Deliveries.Tally tally = population.deliveries.await(phase.from(), phase.to(), 60_000);
        if (profiling) {
          profile.putAll(
              Jfr.stop(profiled.app().pid(), profiled.dataDir.resolve("fanout.jfr"), 12));
        }
        steps.add(new Step(rate, phase, tally, delivery));
        Bench.log(
            String.format(
                "fanout %s: %.0f msg/s → %.0f deliveries/s, %s, lost %d",
                url, rate, tally.deliveriesPerSecond(), delivery.summary(), tally.lost()));
      }
      Step saturation = null;
      if (saturate) {
        Latencies delivery = new Latencies();
        Load.Phase phase = Load.closedLoop(population, target, 4, seconds, delivery, 11, tag);
        Deliveries.Tally tally = population.deliveries.await(phase.from(), phase.to(), 60_000);
        saturation = new Step(phase.messages() / phase.seconds(), phase, tally, delivery);
        Bench.log(
            String.format(
                "fanout raw saturation: %.0f deliveries/s, %s",
                tally.deliveriesPerSecond(), delivery.summary()));
      }
      return new Side(
          steps,
          saturation,
          population.deliveries.duplicates(),
          population.droppedSockets(),
          population.closeCodes());
    }
  }
}
