package io.parley.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code cluster} (issue 16, docs/perf/cluster.md): the multi-process deployment ({@code
 * infra/parley cluster start}: 2 command sides, 2 query sides, 2 push gateways behind nginx with
 * the shipped routes) against the standalone app, same workload, same run, same stores: many small
 * groups, all members connected, closed-loop senders. Target: the cluster accepts ≥ 80% of the
 * standalone's send rate with nothing lost or duplicated.
 */
final class ClusterScenario {
  static final double TARGET_RATIO = 0.8;

  private ClusterScenario() {}

  record Run(
      double accepted,
      long failures,
      long refused,
      Latencies delivery,
      Latencies send,
      Deliveries.Tally tally,
      long duplicates,
      int dropped) {
    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("acceptedPerSecond", Report.round(accepted));
      map.put("failedSends", failures);
      map.put("refused", refused);
      map.put("delivery", delivery.summary().toMap());
      map.put("send", send.summary().toMap());
      map.put("deliveriesPerSecond", Report.round(tally.deliveriesPerSecond()));
      map.put("lost", tally.lost());
      map.put("duplicated", duplicates);
      map.put("droppedSockets", dropped);
      return map;
    }
  }

  static Scenarios.Outcome run(Stack stack, Options options, Path out, String command)
      throws Exception {
    int groups = options.integer("groups", 32);
    int groupSize = options.integer("group-size", 4);
    int concurrency = options.integer("concurrency", 16);
    double seconds = options.decimal("seconds", 30);
    String serviceJvm = options.text("service-jvm", "-Xmx512m -XX:TieredStopAtLevel=1");
    String appJvm = options.text("app-jvm", "-Xmx2g");
    Path launcher = options.path("launcher", "infra/parley");
    Path commandJar =
        options.path("command-jar", "command-side/target/command-side-0.1.0-SNAPSHOT-exec.jar");
    Path queryJar =
        options.path("query-jar", "query-side/target/query-side-0.1.0-SNAPSHOT-exec.jar");
    Path pushJar =
        options.path("push-jar", "realtime-push/target/realtime-push-0.1.0-SNAPSHOT-exec.jar");
    Path client = options.path("client", "frontend/dist");
    for (Path file : List.of(launcher, commandJar, queryJar, pushJar)) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(file + " is missing: ./mvnw -q -B package -DskipTests");
      }
    }
    Report report =
        new Report(
            "cluster",
            "Cluster: 2× command, query and push behind nginx against the standalone app",
            command,
            options.used());

    // the standalone first, then the cluster on the same stores
    // (an app the caller already started with the default flags is used as it is)
    List<String> standaloneJvm = new ArrayList<>(List.of(appJvm.trim().split("\\s+")));
    standaloneJvm.add("-Dparley.auth.bcrypt-cost=4");
    if (stack.app() == null || !standaloneJvm.equals(Stack.APP_JVM)) {
      stack.startApp(standaloneJvm, Map.of());
    }
    Run standalone =
        measure(
            new Api(stack.base()),
            stack.ws(),
            groups,
            groupSize,
            concurrency,
            seconds,
            options,
            stack.app().pid(),
            Scenarios.tag("cs"));
    stack.stopApp();

    Run cluster;
    try (Cluster running =
        Cluster.start(stack, launcher, commandJar, queryJar, pushJar, client, serviceJvm)) {
      cluster =
          measure(
              new Api("http://127.0.0.1:" + running.port),
              "ws://127.0.0.1:" + running.port + "/ws",
              groups,
              groupSize,
              concurrency,
              seconds,
              options,
              -1, // six JVMs, C1 only (docs/adr/0191): the minimum warm-up
              Scenarios.tag("cc"));
    }

    double ratio = standalone.accepted() == 0 ? 0 : cluster.accepted() / standalone.accepted();
    report.put("standalone", standalone.toMap());
    report.put("cluster", cluster.toMap());
    report.put("ratio", Report.round(ratio));
    report.md(
        "%d private groups of %d (%,d users, one WebSocket device each, all connected); %d"
            + " senders in a closed loop (each sends its next message to a random group as soon as"
            + " the last was answered) for %.0f s, after a warm-up round and %.0f s of the same"
            + " load unmeasured (the JIT compiles the hot paths of every JVM; on the standalone"
            + " app longer while its compilers are still busy, docs/adr/0229). First on the standalone"
            + " app (one JVM, `%s`), then on the multi-process deployment started by"
            + " `infra/parley cluster start` on the same stores: 2 command sides, 2 query sides and"
            + " 2 push gateways (`%s` each) behind nginx with infra/deploy/nginx/parley-routes.conf;"
            + " every client talks to nginx only. Latency = send start → each other member's"
            + " `message.created`.%n%n",
        groups,
        groupSize,
        groups * groupSize,
        concurrency,
        seconds,
        RealtimeScenarios.loadWarmupSeconds(options),
        appJvm,
        serviceJvm);
    report.md(
        "| deployment | accepted msg/s | deliveries/s | delivery p50 ms | p99 ms | send p50 ms |"
            + " p99 ms | failed | lost | duplicated |%n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
    row(report, "standalone", standalone);
    row(report, "cluster (nginx)", cluster);
    report.md(
        "%nCluster ÷ standalone, accepted sends per second: %.2f. Target (issue 16): ≥ %.2f with"
            + " zero loss: %s.%n",
        ratio,
        TARGET_RATIO,
        Scenarios.verdict(
            ratio >= TARGET_RATIO && cluster.tally().lost() == 0 && cluster.duplicates() == 0));
    report.chart("standalone: send → other members", standalone.delivery());
    report.chart("cluster: send → other members", cluster.delivery());
    long lost = standalone.tally().lost() + cluster.tally().lost();
    long duplicates = standalone.duplicates() + cluster.duplicates();
    int dropped = standalone.dropped() + cluster.dropped();
    return new Scenarios.Outcome("cluster", lost, duplicates, dropped, report.write(out));
  }

  private static void row(Report report, String name, Run run) {
    Latencies.Summary d = run.delivery().summary();
    Latencies.Summary s = run.send().summary();
    report.md(
        "| %s | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %d | %d |%n",
        name,
        run.accepted(),
        run.tally().deliveriesPerSecond(),
        d.p50(),
        d.p99(),
        s.p50(),
        s.p99(),
        run.failures(),
        run.tally().lost(),
        run.duplicates());
  }

  static Run measure(
      Api api,
      String ws,
      int groups,
      int groupSize,
      int concurrency,
      double seconds,
      Options options,
      long pid,
      String tag)
      throws Exception {
    List<Api.User> people = api.users(tag + "-", groups * groupSize, 8);
    Population population =
        new Population(people.size(), RealtimeScenarios.groupsOf(api, people, groupSize, tag));
    Latencies delivery = new Latencies();
    AtomicLong refused = new AtomicLong();
    Load.Target app = RealtimeScenarios.refusals(Load.app(api, people), refused);
    try (population) {
      population.connect(ws, people.stream().map(Api.User::token).toList(), Duration.ofSeconds(10));
      Load.warmUp(population, app, tag, 60_000);
      // the same closed loop, not measured: every JVM compiles its hot paths first
      RealtimeScenarios.warmLoop(population, app, concurrency, options, pid, tag);
      refused.set(0);
      // marks the measured window for a profiler watching the log
      Bench.log(String.format(Locale.ROOT, "%s: measuring for %.0f s", tag, seconds));
      Load.Phase phase = Load.closedLoop(population, app, concurrency, seconds, delivery, 17, tag);
      Deliveries.Tally tally = population.deliveries.await(phase.from(), phase.to(), 60_000);
      Bench.log(
          String.format(
              Locale.ROOT,
              "%s: %.0f msg/s accepted, lost %d",
              tag,
              (phase.messages() - phase.failures()) / phase.seconds(),
              tally.lost()));
      return new Run(
          (phase.messages() - phase.failures()) / phase.seconds(),
          phase.failures(),
          refused.get(),
          delivery,
          phase.send(),
          tally,
          population.deliveries.duplicates(),
          population.droppedSockets());
    }
  }

  /** {@code infra/parley cluster start} on the run's stores; {@code stop} on close. */
  static final class Cluster implements AutoCloseable {
    final int port;
    private final Path launcher;
    private final Map<String, String> env;
    private final Path dir;

    private Cluster(Path launcher, Map<String, String> env, int port, Path dir) {
      this.launcher = launcher;
      this.env = env;
      this.port = port;
      this.dir = dir;
    }

    static Cluster start(
        Stack stack,
        Path launcher,
        Path commandJar,
        Path queryJar,
        Path pushJar,
        Path client,
        String serviceJvm) {
      Map<String, String> env = new LinkedHashMap<>(stack.env);
      Path dir = stack.dataDir.resolve("cluster-data");
      int port = freePort();
      env.put("PARLEY_DATA_DIR", dir.toString());
      env.put("PARLEY_PORT", String.valueOf(port));
      env.put("PARLEY_COMMAND_JAR", commandJar.toAbsolutePath().toString());
      env.put("PARLEY_QUERY_JAR", queryJar.toAbsolutePath().toString());
      env.put("PARLEY_PUSH_JAR", pushJar.toAbsolutePath().toString());
      env.put("PARLEY_STATIC_ROOT", client.toAbsolutePath().toString());
      env.put("PARLEY_CLUSTER_JAVA_OPTS", serviceJvm + " -Dparley.auth.bcrypt-cost=4");
      Cluster cluster = new Cluster(launcher.toAbsolutePath(), env, port, dir);
      Bench.log("starting the cluster: " + launcher + " cluster start");
      cluster.run("start", Duration.ofMinutes(8));
      return cluster;
    }

    private void run(String what, Duration timeout) {
      try {
        Files.createDirectories(dir);
        Path output = dir.resolve("launcher-" + what + ".out");
        ProcessBuilder builder =
            new ProcessBuilder(launcher.toString(), "cluster", what)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("cluster " + what + " took over " + timeout);
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "cluster " + what + " failed:\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      run("stop", Duration.ofMinutes(3));
    }
  }

  /**
   * nginx's port, free now and below the kernel's ephemeral range (32768 and up), so that no
   * outgoing connection takes it as its source port before nginx binds it (as infra/parley-cluster
   * picks the services' ports).
   */
  private static int freePort() {
    for (int attempt = 0; attempt < 500; attempt++) {
      int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20000, 32000);
      try (ServerSocket socket = new ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port between 20000 and 31999");
  }
}
