package io.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 4: N authenticated, heart-beating sockets on one app process: heap per connection (live
 * heap after a full GC, before and after connecting) and the process's CPU while they idle (from
 * /proc, against the same process idle with no sockets). Same-run baseline: the raw relay holding
 * the same sockets.
 */
final class IdleScenario {
  static final double TARGET_KB_PER_CONNECTION = 30;
  static final double TARGET_CPU_SHARE = 0.10;
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private IdleScenario() {}

  record Holding(
      int connections,
      double heapBeforeMb,
      double heapAfterMb,
      double idleCpuShare,
      double holdingCpuShare,
      long heartbeatAcks,
      int dropped) {
    double kbPerConnection() {
      return (heapAfterMb - heapBeforeMb) * 1024 / connections;
    }

    double heartbeatCpuShare() {
      return Math.max(0, holdingCpuShare - idleCpuShare);
    }

    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("connections", connections);
      map.put("liveHeapBeforeMb", Report.round(heapBeforeMb));
      map.put("liveHeapAfterMb", Report.round(heapAfterMb));
      map.put("kbPerConnection", Report.round(kbPerConnection()));
      map.put("cpuShareIdleNoSockets", Report.round(idleCpuShare));
      map.put("cpuShareHoldingSockets", Report.round(holdingCpuShare));
      map.put("heartbeatCpuShare", Report.round(heartbeatCpuShare()));
      map.put("heartbeatAcks", heartbeatAcks);
      map.put("droppedSockets", dropped);
      return map;
    }
  }

  static Scenarios.Outcome run(Stack stack, Options options, Path out, String command)
      throws Exception {
    int connections = options.integer("connections", 15_000);
    int users = options.integer("users", 300);
    double idleSeconds = options.decimal("idle-seconds", 30);
    int heartbeatSeconds = options.integer("heartbeat-seconds", 30);
    Report report =
        new Report(
            "idle", "Scenario 4: idle connections on one push process", command, options.used());
    // Tomcat accepts 8,192 connections by default; the file limit (20,000) is the real bound.
    Map<String, String> properties =
        Map.of(
            "server.tomcat.max-connections",
            "19000",
            "parley.gateway.heartbeat-interval",
            heartbeatSeconds + "s");
    stack.startApp(Stack.APP_JVM, properties);
    String tag = Scenarios.tag("i");
    Api api = new Api(stack.base());
    List<Api.User> people = api.users(tag + "-", users, 8);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      tokens.add(people.get(i % users).token());
    }
    long pid = stack.app().pid();
    Bench.log("idle: the app holding " + connections + " sockets");
    Holding app = hold(pid, stack.ws(), tokens, idleSeconds);
    Bench.log("idle: app " + app.toMap());
    stack.stopApp();
    Holding raw;
    try (RawRelay relay = stack.rawRelay()) {
      raw = hold(relay.pid(), relay.ws(), LatencyScenario.names(connections), idleSeconds);
    }
    Bench.log("idle: raw relay " + raw.toMap());
    report.put("app", app.toMap());
    report.put("rawRelay", raw.toMap());
    report.put(
        "ratioKbPerConnectionToRaw", Report.round(app.kbPerConnection() / raw.kbPerConnection()));
    report.put("appProperties", properties);
    report.put(
        "targets",
        Map.of("kbPerConnection", TARGET_KB_PER_CONNECTION, "heartbeatCpuShare", TARGET_CPU_SHARE));
    report.md(
        "%,d sockets (%d users, several devices each) identify and heartbeat every %d s on one"
            + " app process (`-Xmx2g`, `%s`). Heap per connection = (live heap after a full GC"
            + " with the sockets − before them) ÷ sockets (`jcmd GC.run` + `GC.heap_info`). CPU ="
            + " the process's user + system time over %.0f s (from /proc), holding the sockets,"
            + " minus the same with none: what heartbeats and session sweeping cost.%n%n",
        connections, users, heartbeatSeconds, properties, idleSeconds);
    report.md(
        "| process | sockets | KB heap / socket | CPU idle, no sockets | CPU holding sockets |"
            + " heartbeat CPU (share of a core) | heartbeat acks | dropped |%n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|%n");
    row(report, "app", app);
    row(report, "raw relay (same stack, no app logic, Tomcat's default 8 KiB buffers)", raw);
    report.md(
        "%nThe app needs %.1f× the raw relay's heap per socket (the app's connection buffers are"
            + " 2 KiB, `parley.web.socket-buffer-bytes`, docs/adr/0071). Targets (issue 8): ≤ %.0f KB heap"
            + " per connection: %s; heartbeat CPU ≤ %.0f%% of a core: %s.%n",
        app.kbPerConnection() / raw.kbPerConnection(),
        TARGET_KB_PER_CONNECTION,
        Scenarios.over(app.kbPerConnection(), TARGET_KB_PER_CONNECTION),
        TARGET_CPU_SHARE * 100,
        Scenarios.over(app.heartbeatCpuShare() * 100, TARGET_CPU_SHARE * 100));
    Path written = report.write(out);
    return new Scenarios.Outcome("idle", 0, 0, app.dropped() + raw.dropped(), written);
  }

  private static void row(Report report, String what, Holding h) {
    report.md(
        "| %s | %,d | %.1f | %.1f%% | %.1f%% | %.1f%% | %,d | %d |%n",
        what,
        h.connections(),
        h.kbPerConnection(),
        100 * h.idleCpuShare(),
        100 * h.holdingCpuShare(),
        100 * h.heartbeatCpuShare(),
        h.heartbeatAcks(),
        h.dropped());
  }

  private static Holding hold(long pid, String url, List<String> tokens, double seconds)
      throws Exception {
    double idle = cpuShare(pid, seconds / 2);
    double before = liveHeapMb(pid);
    try (Population population = new Population(tokens.size(), List.of())) {
      population.connect(url, tokens, Duration.ZERO);
      Bench.sleep(2000);
      double after = liveHeapMb(pid);
      double holding = cpuShare(pid, seconds);
      long acks = population.heartbeatAcks();
      return new Holding(
          tokens.size(), before, after, idle, holding, acks, population.droppedSockets());
    }
  }

  static double liveHeapMb(long pid) throws IOException {
    Jfr.jcmdOutput(pid, "GC.run");
    Matcher used = USED.matcher(Jfr.jcmdOutput(pid, "GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
    }
    return Long.parseLong(used.group(1)) / 1024.0;
  }

  /** The process's CPU time over {@code seconds} as a share of one core. */
  static double cpuShare(long pid, double seconds) throws IOException {
    long before = cpuTicks(pid);
    long start = System.nanoTime();
    Bench.sleep((long) (seconds * 1000));
    long after = cpuTicks(pid);
    double elapsed = (System.nanoTime() - start) / 1e9;
    return (after - before) / 100.0 / elapsed; // USER_HZ is 100 on Linux
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
  }
}
