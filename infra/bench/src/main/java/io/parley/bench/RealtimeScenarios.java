package io.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The real-time scenarios of issue 13 (docs/perf/realtime.md): {@code idle-direct} (one message at
 * a time in a direct conversation), {@code groups} (many small groups, concurrent senders), {@code
 * overload} (twice the sustainable rate against admission control) and {@code separate-push} (the
 * services as three processes: does another process learn of a send at once).
 */
final class RealtimeScenarios {
  static final double TARGET_SEPARATE_P50_MS = 20;
  static final double TARGET_OVERLOAD_P99_MS = 1000;

  private RealtimeScenarios() {}

  // ---- (a) idle-direct ------------------------------------------------------------------------

  static Scenarios.Outcome idleDirect(Stack stack, Options options, Path out, String command)
      throws Exception {
    int sends = options.integer("sends", 500);
    double rate = options.decimal("rate", 20);
    Report report =
        new Report(
            "idle-direct",
            "Real time, idle: one message at a time in a direct conversation",
            command,
            options.used());
    ensureApp(stack);
    Measured run = directOnTheApp(stack, options, sends, rate, "d");
    report.put("app", run.toMap());
    report.md(
        "Two users, one WebSocket device each, one direct conversation; %,d sends at %.0f/s"
            + " (open loop, so each is alone in the system), after %.0f s of unmeasured"
            + " closed-loop sends between the two (JIT warm-up, `--jit-warmup-seconds`) and a"
            + " 3 s pause. Latency = intended send start → the other member's device receives"
            + " `message.created`.%n%n",
        sends, rate, jitWarmupSeconds(options));
    header(report);
    LatencyScenario.row(report, "standalone: send → other device", run.delivery.summary());
    LatencyScenario.row(report, "standalone: send answered (201)", run.send.summary());
    run.describe(report, "standalone");
    report.chart("send → other device", run.delivery);
    return new Scenarios.Outcome(
        "idle-direct", run.tally.lost(), run.duplicates, run.dropped, report.write(out));
  }

  // ---- (b) groups -----------------------------------------------------------------------------

  static Scenarios.Outcome groups(Stack stack, Options options, Path out, String command)
      throws Exception {
    int groups = options.integer("groups", 64);
    int groupSize = options.integer("group-size", 4);
    int concurrency = options.integer("concurrency", 32);
    double seconds = options.decimal("seconds", 30);
    Report report =
        new Report(
            "groups",
            "Real time, busy: many small groups, all online, concurrent senders",
            command,
            options.used());
    ensureApp(stack);
    Api api = new Api(stack.base());
    String tag = Scenarios.tag("g");
    List<Api.User> people = api.users(tag + "-", groups * groupSize, 8);
    Population population = new Population(people.size(), groupsOf(api, people, groupSize, tag));
    Latencies delivery = new Latencies();
    AtomicLong refused = new AtomicLong();
    Load.Target app = refusals(Load.app(api, people), refused);
    Load.Phase phase;
    Deliveries.Tally tally;
    long duplicates;
    int dropped;
    CpuMeter.Used cpu;
    JitCompilers.Warmed warmed;
    double compilerShare;
    try (population) {
      population.connect(stack.ws(), tokens(people), Duration.ofSeconds(10));
      Load.warmUp(population, app, tag, 60_000);
      warmed = warmLoop(population, app, concurrency, options, stack.app().pid(), tag);
      refused.set(0);
      // marks the measured window for a profiler watching the log, as in the cluster scenario
      Bench.log(String.format(Locale.ROOT, "%s: measuring for %.0f s", tag, seconds));
      CpuMeter meter = CpuMeter.start(stack.app().pid());
      double compiledBefore = JitCompilers.compileSeconds(stack.app().pid());
      phase = Load.closedLoop(population, app, concurrency, seconds, delivery, 13, tag);
      cpu = meter.stop();
      compilerShare =
          (JitCompilers.compileSeconds(stack.app().pid()) - compiledBefore) / phase.seconds();
      tally = population.deliveries.await(phase.from(), phase.to(), 60_000);
      duplicates = population.deliveries.duplicates();
      dropped = population.droppedSockets();
    }
    Latencies.Summary d = delivery.summary();
    long acceptedCount = phase.messages() - phase.failures();
    double accepted = acceptedCount / phase.seconds();
    report.put("delivery", d.toMap());
    report.put("send", phase.send().summary().toMap());
    report.put("acceptedPerSecond", Report.round(accepted));
    report.put("deliveriesPerSecond", Report.round(tally.deliveriesPerSecond()));
    report.put("failedSends", phase.failures());
    report.put("refused", refused.get());
    report.put("lost", tally.lost());
    report.put("duplicated", duplicates);
    report.put("cpu", cpu.toMap(acceptedCount));
    report.put("warmupSeconds", Report.round(warmed.seconds()));
    report.put("compilerShareMeasured", Report.round(compilerShare));
    report.md(
        "%d private groups of %d (%,d users, one WebSocket device each, all connected); %d"
            + " senders in a closed loop (each sends its next message to a random group of its"
            + " choice as soon as the last was answered, or 1 s after a refusal, as its"
            + " `Retry-After` asks) for %.0f s, after %s; the compilers were busy %.0f%% of the"
            + " measured window. Latency = send start → each other member's"
            + " `message.created`.%n%n",
        groups,
        groupSize,
        people.size(),
        concurrency,
        seconds,
        describeWarmUp(warmed),
        100 * compilerShare);
    header(report);
    LatencyScenario.row(report, "send → other members' devices", d);
    LatencyScenario.row(report, "send answered", phase.send().summary());
    report.md(
        "%nThroughput: %.0f messages/s accepted, %.0f deliveries/s; %,d sends refused or failed;"
            + " %,d deliveries lost, %,d duplicated, %d sockets dropped.%n",
        accepted, tally.deliveriesPerSecond(), phase.failures(), tally.lost(), duplicates, dropped);
    report.md(
        "%nCPU in the measured window: the app %.1f s, the whole machine %.1f s (app, stores,"
            + " harness); per accepted message %.2f ms of the app's, %.2f ms of the machine's.%n",
        cpu.appNanos() / 1e9,
        cpu.machineNanos() / 1e9,
        cpu.appMillisPer(acceptedCount),
        cpu.machineMillisPer(acceptedCount));
    report.chart("send → other members", delivery);
    return new Scenarios.Outcome("groups", tally.lost(), duplicates, dropped, report.write(out));
  }

  // ---- (c) overload ---------------------------------------------------------------------------

  static Scenarios.Outcome overload(Stack stack, Options options, Path out, String command)
      throws Exception {
    int groups = options.integer("groups", 64);
    int groupSize = options.integer("group-size", 4);
    int concurrency = options.integer("concurrency", 32);
    double probeSeconds = options.decimal("probe-seconds", 20);
    double factor = options.decimal("factor", 2);
    double seconds = options.decimal("seconds", 60);
    // an offered rate of its own, to compare builds at one load (0: factor × the probe's rate)
    double fixedRate = options.decimal("rate", 0);
    Report report =
        new Report(
            "overload",
            "Real time, overloaded: twice the sustainable send rate against admission control",
            command,
            options.used());
    ensureApp(stack);
    Api api = new Api(stack.base());
    String tag = Scenarios.tag("o");
    List<Api.User> people = api.users(tag + "-", groups * groupSize, 8);
    Population population = new Population(people.size(), groupsOf(api, people, groupSize, tag));
    AtomicLong refused = new AtomicLong();
    Load.Target app = Load.app(api, people);
    Load.Target counted = refusals(app, refused);
    Latencies probeDelivery = new Latencies();
    Latencies delivery = new Latencies();
    Load.Phase probe;
    Load.Phase phase;
    Deliveries.Tally tally;
    long duplicates;
    int dropped;
    double heapBefore;
    double heapAfter;
    double sustainable;
    long refusedInProbe;
    CpuMeter.Used cpu;
    try (population) {
      population.connect(stack.ws(), tokens(people), Duration.ofSeconds(10));
      Load.warmUp(population, app, tag, 60_000);
      Bench.log("overload: finding the sustainable rate (" + concurrency + " closed-loop senders)");
      probe =
          Load.closedLoop(population, counted, concurrency, probeSeconds, probeDelivery, 7, tag);
      population.deliveries.await(probe.from(), probe.to(), 60_000);
      refusedInProbe = refused.getAndSet(0);
      sustainable = (probe.messages() - probe.failures()) / probe.seconds();
      heapBefore = stack.app() != null ? IdleScenario.liveHeapMb(stack.app().pid()) : 0;
      double rate = fixedRate > 0 ? fixedRate : factor * sustainable;
      Bench.log(
          String.format("overload: sustainable %.0f msg/s; sending at %.0f", sustainable, rate));
      CpuMeter meter = CpuMeter.start(stack.app() != null ? stack.app().pid() : -1);
      phase = Load.openLoop(population, counted, rate, seconds, delivery, new Random(99), tag);
      cpu = meter.stop();
      tally = population.deliveries.await(phase.from(), phase.to(), 120_000);
      heapAfter = stack.app() != null ? IdleScenario.liveHeapMb(stack.app().pid()) : 0;
      duplicates = population.deliveries.duplicates();
      dropped = population.droppedSockets();
    }
    Latencies.Summary d = delivery.summary();
    long accepted = phase.messages() - phase.failures();
    long otherFailures = phase.failures() - refused.get();
    Map<String, Object> probeMap = new LinkedHashMap<>();
    probeMap.put("acceptedPerSecond", Report.round(sustainable));
    probeMap.put("refused", refusedInProbe);
    probeMap.put("delivery", probeDelivery.summary().toMap());
    report.put("probe", probeMap);
    report.put("offeredPerSecond", Report.round(phase.messages() / phase.seconds()));
    report.put("acceptedPerSecond", Report.round(accepted / phase.seconds()));
    report.put("accepted", accepted);
    report.put("refused", refused.get());
    report.put("otherFailures", otherFailures);
    report.put("delivery", d.toMap());
    report.put("send", phase.send().summary().toMap());
    report.put("lost", tally.lost());
    report.put("duplicated", duplicates);
    report.put("pacing", phase.pacing().summary().toMap());
    report.put("cpu", cpu.toMap(accepted));
    report.put("liveHeapBeforeMb", Report.round(heapBefore));
    report.put("liveHeapAfterMb", Report.round(heapAfter));
    report.md(
        "%d private groups of %d, all connected. First %d closed-loop senders for %.0f s find the"
            + " sustainable rate (messages accepted per second: %.0f; %,d refused meanwhile). Then"
            + " an open loop offers %.1f× that (%.0f msg/s) for %.0f s. A refused send (503/429 with"
            + " Retry-After, docs/adr/0116) is counted and not retried; every accepted one must"
            + " reach every other member. Live heap after a full GC (`jcmd`) before and after.%n%n",
        groups,
        groupSize,
        concurrency,
        probeSeconds,
        sustainable,
        refusedInProbe,
        phase.messages() / phase.seconds() / sustainable,
        phase.messages() / phase.seconds(),
        seconds);
    header(report);
    LatencyScenario.row(report, "accepted: send → other members' devices", d);
    LatencyScenario.row(report, "every send answered (201 or 503)", phase.send().summary());
    LatencyScenario.row(
        report, "probe (closed loop): send → other members", probeDelivery.summary());
    LatencyScenario.row(
        report, "harness: send issued after its scheduled time", phase.pacing().summary());
    report.md(
        "%nOffered %,d sends: %,d accepted (%.0f/s), %,d refused, %,d other failures; %,d"
            + " deliveries of accepted sends lost, %,d duplicated, %d sockets dropped. Live heap"
            + " %.0f MB before, %.0f MB after.%n%n",
        phase.messages(),
        accepted,
        accepted / phase.seconds(),
        refused.get(),
        otherFailures,
        tally.lost(),
        duplicates,
        dropped,
        heapBefore,
        heapAfter);
    report.md(
        "CPU in the open loop: the app %.1f s, the harness (this load generator, on the same"
            + " cores) %.1f s, the whole machine %.1f s of %.0f s × %d cores. Latencies are taken"
            + " from each send's scheduled time, so a harness short of CPU adds its own lag (the"
            + " pacing row above, and answers and frames it reads late).%n%n",
        cpu.appNanos() / 1e9,
        cpu.harnessNanos() / 1e9,
        cpu.machineNanos() / 1e9,
        phase.seconds(),
        Runtime.getRuntime().availableProcessors());
    report.md(
        "Targets (issue 13): accepted delivery p99 ≤ %.0f ms: %s; lost = 0: %s.%n",
        TARGET_OVERLOAD_P99_MS,
        Scenarios.over(d.p99(), TARGET_OVERLOAD_P99_MS),
        Scenarios.verdict(tally.lost() == 0));
    report.chart("accepted: send → other members", delivery);
    return new Scenarios.Outcome("overload", tally.lost(), duplicates, dropped, report.write(out));
  }

  // ---- (d) separate-push ----------------------------------------------------------------------

  static Scenarios.Outcome separatePush(Stack stack, Options options, Path out, String command)
      throws Exception {
    int sends = options.integer("sends", 500);
    double rate = options.decimal("rate", 20);
    String variant = options.text("push-properties", "");
    Path commandJar =
        options.path("command-jar", "command-side/target/command-side-0.1.0-SNAPSHOT-exec.jar");
    Path queryJar =
        options.path("query-jar", "query-side/target/query-side-0.1.0-SNAPSHOT-exec.jar");
    Path pushJar =
        options.path("push-jar", "realtime-push/target/realtime-push-0.1.0-SNAPSHOT-exec.jar");
    for (Path jar : List.of(commandJar, queryJar, pushJar)) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: ./mvnw -q -B package -DskipTests");
      }
    }
    Report report =
        new Report(
            "separate-push",
            "Real time across processes: command, query and push as three JVMs",
            command,
            options.used());
    Map<String, String> pushProperties = new LinkedHashMap<>();
    for (String pair : variant.isEmpty() ? new String[0] : variant.split("/")) {
      pushProperties.put(
          pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    List<String> jvm = List.of("-Xmx768m", "-Dparley.auth.bcrypt-cost=4");
    Measured split;
    try (AppProcess commands =
            AppProcess.start(commandJar, stack.env, jvm, Map.of(), "PARLEY_COMMAND_PORT");
        AppProcess queries =
            AppProcess.start(queryJar, stack.env, jvm, Map.of(), "PARLEY_QUERY_PORT");
        AppProcess push =
            AppProcess.start(pushJar, stack.env, jvm, pushProperties, "PARLEY_PUSH_PORT")) {
      for (AppProcess service : List.of(commands, queries, push)) {
        service.awaitLine("Started ", Duration.ofMinutes(5));
      }
      split =
          direct(
              new Api("http://127.0.0.1:" + commands.port),
              "ws://127.0.0.1:" + push.port + "/ws",
              sends,
              rate,
              jitWarmupSeconds(options),
              Scenarios.tag("s"));
    }
    Measured together = null;
    if (!options.flag("no-standalone")) {
      ensureApp(stack);
      together = directOnTheApp(stack, options, sends, rate, "t");
      report.put("standalone", together.toMap());
    }
    report.put("separate", split.toMap());
    report.put("pushProperties", pushProperties);
    Latencies.Summary s = split.delivery.summary();
    report.md(
        "The command side, the query side and the push gateway as three processes (their exec"
            + " jars, `-Xmx768m` each) on the run's Postgres and CQL node, as an operator runs"
            + " them apart; the push process learns of events from the shared JDBC event store"
            + " only%s. Workload as idle-direct: two users, one direct conversation, %,d sends at"
            + " %.0f/s, send → the other device. Same run, same workload on the standalone app"
            + " (one process) for comparison.%n%n",
        pushProperties.isEmpty() ? "" : " (push process with " + pushProperties + ")", sends, rate);
    header(report);
    LatencyScenario.row(report, "separate processes: send → other device", s);
    LatencyScenario.row(report, "separate processes: send answered", split.send.summary());
    if (together != null) {
      LatencyScenario.row(
          report, "standalone (one process): send → other device", together.delivery.summary());
    }
    report.md(
        "%nTarget (issue 13): separate push p50 ≤ %.0f ms: %s.%n%n",
        TARGET_SEPARATE_P50_MS, Scenarios.over(s.p50(), TARGET_SEPARATE_P50_MS));
    split.describe(report, "separate processes");
    report.chart("separate: send → other device", split.delivery);
    long lost = split.tally.lost() + (together == null ? 0 : together.tally.lost());
    long duplicates = split.duplicates + (together == null ? 0 : together.duplicates);
    int dropped = split.dropped + (together == null ? 0 : together.dropped);
    return new Scenarios.Outcome("separate-push", lost, duplicates, dropped, report.write(out));
  }

  // ---- shared ---------------------------------------------------------------------------------

  record Measured(
      Latencies delivery,
      Latencies send,
      Deliveries.Tally tally,
      long failures,
      long refused,
      long duplicates,
      int dropped) {
    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("refused", refused);
      map.put("delivery", delivery.summary().toMap());
      map.put("send", send.summary().toMap());
      map.put("lost", tally.lost());
      map.put("duplicated", duplicates);
      map.put("failedSends", failures);
      map.put("droppedSockets", dropped);
      return map;
    }

    void describe(Report report, String what) {
      report.md(
          "%s: %,d deliveries expected, %,d lost, %,d duplicated; %d failed sends (%d of them"
              + " refused by admission control, 503/429, warm-up included); %d sockets dropped.%n%n",
          what, tally.expected(), tally.lost(), duplicates, failures, refused, dropped);
    }
  }

  /**
   * The unmeasured warm-up of a busy scenario ({@code --warmup-seconds}, default 180): the same
   * closed loop as the measurement, so that the measured window is the steady state of a server
   * that has been running, not its first minutes with the JIT compilers busy. The cluster scenario
   * does the same (docs/adr/0205). On two saturated cores the compilers of the app and of this
   * harness's own JVM get little CPU, so 20 s was far from enough: after 20 s the harness's
   * compiler threads took 39 % of its CPU and the app's 11 %, and the app was still compiling 33
   * methods a second after 60 s (docs/adr/0210).
   */
  static double loadWarmupSeconds(Options options) {
    return options.decimal("warmup-seconds", 180);
  }

  /**
   * The longest warm-up of a busy scenario ({@code --max-warmup-seconds}, default 600): past {@link
   * #loadWarmupSeconds} the warm-up goes on while the app's compilers are still busy
   * (docs/adr/0229).
   */
  static double loadMaxWarmupSeconds(Options options) {
    return Math.max(loadWarmupSeconds(options), options.decimal("max-warmup-seconds", 600));
  }

  /**
   * The measured closed loop, not recorded, every delivery awaited: {@link #loadWarmupSeconds},
   * then on in 10 s steps until the compilers of {@code pid} (the app; below 0 for none) were busy
   * ≤ 5 % of a step, {@link #loadMaxWarmupSeconds} at most.
   */
  static JitCompilers.Warmed warmLoop(
      Population population,
      Load.Target target,
      int concurrency,
      Options options,
      long pid,
      String tag)
      throws Exception {
    double seconds = loadWarmupSeconds(options);
    if (seconds > 0) {
      Bench.log(String.format(Locale.ROOT, "%s: warm-up load for %.0f s or more", tag, seconds));
    }
    return JitCompilers.warm(
        tag,
        pid,
        seconds,
        loadMaxWarmupSeconds(options),
        step -> {
          Load.Phase warm =
              Load.closedLoop(population, target, concurrency, step, new Latencies(), 5, tag);
          population.deliveries.await(warm.from(), warm.to(), 60_000);
        });
  }

  /** How a busy scenario's report describes its warm-up. */
  static String describeWarmUp(JitCompilers.Warmed warmed) {
    return String.format(
        Locale.ROOT,
        "%.0f s of the same load that is not measured (`--warmup-seconds`, then on in 10 s steps"
            + " until the app's JIT compilers were busy ≤ 5%% of a step, `--max-warmup-seconds` at"
            + " most; %.0f%% over the last step: the JIT compiles the hot paths first, as on a"
            + " server that has been up a while, docs/adr/0229)",
        warmed.seconds(),
        100 * warmed.compilerShare());
  }

  /**
   * The JIT warm-up before an idle measurement ({@code --jit-warmup-seconds}, default 20): a server
   * that has been up a while runs its send path compiled, and a few hundred sends leave most of it
   * interpreted or at the first tier, which is what an idle run would otherwise measure.
   */
  static double jitWarmupSeconds(Options options) {
    return options.decimal("jit-warmup-seconds", 20);
  }

  /** {@link #direct} on the standalone app, with the JIT warm-up the options ask for. */
  static Measured directOnTheApp(Stack stack, Options options, int sends, double rate, String tag)
      throws Exception {
    return direct(
        new Api(stack.base()),
        stack.ws(),
        sends,
        rate,
        jitWarmupSeconds(options),
        Scenarios.tag(tag));
  }

  /**
   * Two users and their direct conversation; {@code sends} messages at {@code rate}, after {@code
   * warmupSeconds} of closed-loop sends between the two (not measured) and a pause for the read
   * models to catch up, so the measured sends find the server warm and idle.
   */
  static Measured direct(
      Api api, String ws, int sends, double rate, double warmupSeconds, String tag)
      throws Exception {
    List<Api.User> pair = api.users(tag + "-", 2, 2);
    String conversation = api.direct(pair.get(0), pair.get(1));
    Population population =
        new Population(
            2, List.of(new Population.Conversation(conversation, new int[] {0, 1}, false)));
    Latencies delivery = new Latencies();
    try (population) {
      population.connect(ws, tokens(pair), Duration.ofSeconds(10));
      AtomicLong refused = new AtomicLong();
      Load.Target target = refusals(Load.app(api, pair), refused);
      Load.warmUp(population, target, tag, 60_000);
      if (warmupSeconds > 0) {
        Bench.log(String.format(Locale.ROOT, "%s: JIT warm-up for %.0f s", tag, warmupSeconds));
        Load.Phase warm =
            Load.closedLoop(population, target, 4, warmupSeconds, new Latencies(), 3, tag);
        population.deliveries.await(warm.from(), warm.to(), 60_000);
        population.deliveries.forget(warm.from(), warm.to());
        Thread.sleep(3_000);
      }
      Load.openLoop(population, target, rate, Math.min(2, sends / rate), null, new Random(1), tag);
      Load.Phase phase =
          Load.openLoop(population, target, rate, sends / rate, delivery, new Random(2), tag);
      Deliveries.Tally tally = population.deliveries.await(phase.from(), phase.to(), 30_000);
      return new Measured(
          delivery,
          phase.send(),
          tally,
          phase.failures(),
          refused.get(),
          population.deliveries.duplicates(),
          population.droppedSockets());
    }
  }

  /** Counts the sends admission control refused (503, or 429). */
  static Load.Target refusals(Load.Target target, AtomicLong refused) {
    return (sender, conversation, body) ->
        target
            .send(sender, conversation, body)
            .thenApply(
                status -> {
                  if (status == 503 || status == 429) {
                    refused.incrementAndGet();
                  }
                  return status;
                });
  }

  static List<Population.Conversation> groupsOf(
      Api api, List<Api.User> people, int groupSize, String tag) {
    List<Population.Conversation> groups = new ArrayList<>();
    for (int start = 0; start + groupSize <= people.size(); start += groupSize) {
      List<String> others =
          people.subList(start + 1, start + groupSize).stream().map(Api.User::userId).toList();
      String id = api.group(people.get(start), tag + "-g" + start, others, "private");
      groups.add(
          new Population.Conversation(
              id, IntStream.range(start, start + groupSize).toArray(), true));
    }
    return groups;
  }

  private static List<String> tokens(List<Api.User> people) {
    return people.stream().map(Api.User::token).toList();
  }

  private static void ensureApp(Stack stack) {
    if (stack.app() == null) {
      stack.startApp();
    }
  }

  private static void header(Report report) {
    report.md(
        "| path | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | deliveries |%n"
            + "|---|---:|---:|---:|---:|---:|---:|%n");
  }
}
