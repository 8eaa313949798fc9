package io.parley.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The peer benchmark: the same two real-time workloads on Parley and on ejabberd (the Debian
 * package, installed if missing), ejabberd with its message archive (mod_mam) in the system
 * Postgres 15 under the same durability settings as Parley's store, driven over XMPP-over-WebSocket
 * by {@link XmppClient}. Reports both and Parley ÷ ejabberd. A benchmark only, never a test.
 */
final class EjabberdScenario {
  static final String DOMAIN = "localhost";
  static final String DB = "ejabberd_bench";
  static final String DB_PASSWORD = "ejabberd-bench-password";
  static final String PASSWORD = "bench-password-1";
  static final List<String> DURABILITY =
      List.of("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "commit_delay");

  private EjabberdScenario() {}

  /** {@code cpu}: over the measured window of a closed loop, else null; per accepted message. */
  record Result(
      Latencies delivery,
      Latencies send,
      double perSecond,
      Deliveries.Tally tally,
      CpuMeter.Used cpu,
      long accepted) {
    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("delivery", delivery.summary().toMap());
      map.put("send", send.summary().toMap());
      map.put("messagesPerSecond", Report.round(perSecond));
      map.put("lost", tally.lost());
      if (cpu != null) {
        map.put("cpu", cpu.toMap(accepted));
      }
      return map;
    }

    /** The server process's CPU per accepted message, ms (-1 unknown). */
    double serverMillisPerMessage() {
      return cpu == null ? -1 : cpu.appMillisPer(accepted);
    }

    /** The whole machine's CPU per accepted message, ms (-1 unknown). */
    double machineMillisPerMessage() {
      return cpu == null ? -1 : cpu.machineMillisPer(accepted);
    }
  }

  static Scenarios.Outcome run(Stack stack, Options options, Path out, String command)
      throws Exception {
    int sends = options.integer("sends", 500);
    double rate = options.decimal("rate", 20);
    int groups = options.integer("groups", 64);
    int groupSize = options.integer("group-size", 4);
    int concurrency = options.integer("concurrency", 32);
    double seconds = options.decimal("seconds", 30);
    double warmup = RealtimeScenarios.loadWarmupSeconds(options);
    Report report =
        new Report(
            "ejabberd",
            "Peer: the same real-time workloads on Parley and on ejabberd",
            command,
            options.used());
    if (stack.app() == null) {
      stack.startApp();
    }

    Bench.log("ejabberd: Parley, idle-direct");
    RealtimeScenarios.Measured parleyDirect =
        RealtimeScenarios.directOnTheApp(stack, options, sends, rate, "pd");
    Bench.log("ejabberd: Parley, groups");
    Result parleyGroups = parleyGroups(stack, groups, groupSize, concurrency, seconds, options);

    Map<String, String> durability = durabilityOf(stack);
    Bench.log("ejabberd: Parley's store durability " + durability);
    installIfMissing();
    boolean startedPostgres = startSystemPostgres(durability);
    Result ejDirect;
    Result ejGroups;
    String version;
    try (Ejabberd server = Ejabberd.start(groups * groupSize)) {
      version = server.version;
      Bench.log("ejabberd " + version + ": idle-direct");
      ejDirect = ejabberdDirect(server, sends, rate);
      Bench.log("ejabberd: groups");
      ejGroups = ejabberdGroups(server, groups, groupSize, concurrency, seconds, options);
    } finally {
      restoreSystemPostgres(durability, startedPostgres);
    }

    Latencies.Summary pd = parleyDirect.delivery().summary();
    Latencies.Summary pg = parleyGroups.delivery().summary();
    Latencies.Summary ed = ejDirect.delivery().summary();
    Latencies.Summary eg = ejGroups.delivery().summary();
    report.put("durability", durability);
    report.put("ejabberdVersion", version);
    report.put("parleyDirect", parleyDirect.toMap());
    report.put("parleyGroups", parleyGroups.toMap());
    report.put("ejabberdDirect", ejDirect.toMap());
    report.put("ejabberdGroups", ejGroups.toMap());
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put("directP50", Report.round(pd.p50() / ed.p50()));
    ratios.put("directP99", Report.round(pd.p99() / ed.p99()));
    ratios.put("groupsP50", Report.round(pg.p50() / eg.p50()));
    ratios.put("groupsP99", Report.round(pg.p99() / eg.p99()));
    ratios.put("groupsThroughput", Report.round(parleyGroups.perSecond() / ejGroups.perSecond()));
    report.put("parleyOverEjabberd", ratios);
    report.md(
        "ejabberd %s (Debian package) with `mod_mam` archiving every message (chat and room) and"
            + " users, rooms and archive in the system Postgres 15 (`sql_pool_size` 20, as"
            + " Parley's pool), set to Parley's store durability: %s. Clients: XMPP over"
            + " WebSocket (RFC 7395), SASL PLAIN, one bound resource per user; direct messages"
            + " are `type=chat`, groups are instant MUC rooms (`type=groupchat`; a send counts as"
            + " answered when the room reflects it to its sender). Same workloads as idle-direct"
            + " (%,d sends at %.0f/s in one direct conversation) and groups (%d groups of %d, %d"
            + " closed-loop senders, %.0f s after %.0f s of the same load unmeasured, on both"
            + " servers; on Parley longer while its JIT compilers are still busy, docs/adr/0229),"
            + " same harness bookkeeping (every delivery counted, latency from the intended send"
            + " start).%n%n",
        version, durability, sends, rate, groups, groupSize, concurrency, seconds, warmup);
    report.md(
        "| workload | system | p50 ms | p90 ms | p99 ms | max ms | msg/s | lost |%n"
            + "|---|---|---:|---:|---:|---:|---:|---:|%n");
    row(report, "idle-direct", "Parley", pd, 0, parleyDirect.tally().lost());
    row(report, "idle-direct", "ejabberd", ed, 0, ejDirect.tally().lost());
    row(report, "groups", "Parley", pg, parleyGroups.perSecond(), parleyGroups.tally().lost());
    row(report, "groups", "ejabberd", eg, ejGroups.perSecond(), ejGroups.tally().lost());
    report.md(
        "%nParley ÷ ejabberd (below 1 = Parley faster / lower): idle-direct p50 %.2f, p99 %.2f;"
            + " groups p50 %.2f, p99 %.2f; groups throughput %.2f (above 1 = Parley more).%n",
        pd.p50() / ed.p50(),
        pd.p99() / ed.p99(),
        pg.p50() / eg.p50(),
        pg.p99() / eg.p99(),
        parleyGroups.perSecond() / ejGroups.perSecond());
    report.md(
        "%nCPU per accepted group message in the measured window: the server's process Parley"
            + " %.2f ms, ejabberd %.2f ms; the whole machine (server, its stores and the harness,"
            + " `/proc/stat`) Parley %.2f ms, ejabberd %.2f ms.%n",
        parleyGroups.serverMillisPerMessage(),
        ejGroups.serverMillisPerMessage(),
        parleyGroups.machineMillisPerMessage(),
        ejGroups.machineMillisPerMessage());
    report.chart("Parley groups", parleyGroups.delivery());
    report.chart("ejabberd groups", ejGroups.delivery());
    long lost =
        parleyDirect.tally().lost()
            + parleyGroups.tally().lost()
            + ejDirect.tally().lost()
            + ejGroups.tally().lost();
    return new Scenarios.Outcome("ejabberd", lost, 0, 0, report.write(out));
  }

  private static void row(
      Report report, String workload, String system, Latencies.Summary s, double rate, long lost) {
    report.md(
        "| %s | %s | %.2f | %.2f | %.2f | %.1f | %s | %,d |%n",
        workload,
        system,
        s.p50(),
        s.p90(),
        s.p99(),
        s.max(),
        rate > 0 ? String.format(Locale.ROOT, "%.0f", rate) : "—",
        lost);
  }

  private static Result parleyGroups(
      Stack stack, int groups, int groupSize, int concurrency, double seconds, Options options)
      throws Exception {
    Api api = new Api(stack.base());
    String tag = Scenarios.tag("pg");
    List<Api.User> people = api.users(tag + "-", groups * groupSize, 8);
    Population population =
        new Population(people.size(), RealtimeScenarios.groupsOf(api, people, groupSize, tag));
    try (population) {
      population.connect(
          stack.ws(), people.stream().map(Api.User::token).toList(), Duration.ofSeconds(10));
      return closedLoop(
          population, Load.app(api, people), concurrency, seconds, options, tag, stack.app().pid());
    }
  }

  private static Result closedLoop(
      Population population,
      Load.Target target,
      int concurrency,
      double seconds,
      Options options,
      String tag,
      long serverPid)
      throws Exception {
    Load.warmUp(population, target, tag, 60_000);
    RealtimeScenarios.warmLoop(population, target, concurrency, options, serverPid, tag);
    Latencies delivery = new Latencies();
    CpuMeter meter = CpuMeter.start(serverPid);
    Load.Phase phase = Load.closedLoop(population, target, concurrency, seconds, delivery, 13, tag);
    CpuMeter.Used cpu = meter.stop();
    Deliveries.Tally tally = population.deliveries.await(phase.from(), phase.to(), 60_000);
    long accepted = phase.messages() - phase.failures();
    return new Result(delivery, phase.send(), accepted / phase.seconds(), tally, cpu, accepted);
  }

  private static Result ejabberdDirect(Ejabberd server, int sends, double rate) throws Exception {
    String tag = Scenarios.tag("ed");
    Population population =
        new Population(2, List.of(new Population.Conversation("direct", new int[] {0, 1}, false)));
    List<XmppClient> clients = server.clients(population.deliveries, 2);
    try (population) {
      Load.Target target =
          (sender, conversation, body) -> {
            int other = conversation.members()[0] == sender ? 1 : 0;
            return clients
                .get(sender)
                .send(Ejabberd.jid(conversation.members()[other]), false, body, index(body));
          };
      Load.warmUp(population, target, tag, 60_000);
      Latencies delivery = new Latencies();
      Load.openLoop(population, target, rate, Math.min(2, sends / rate), null, new Random(1), tag);
      Load.Phase phase =
          Load.openLoop(population, target, rate, sends / rate, delivery, new Random(2), tag);
      Deliveries.Tally tally = population.deliveries.await(phase.from(), phase.to(), 30_000);
      return new Result(
          delivery,
          phase.send(),
          phase.messages() / phase.seconds(),
          tally,
          null,
          phase.messages());
    } finally {
      clients.forEach(XmppClient::close);
    }
  }

  private static Result ejabberdGroups(
      Ejabberd server, int groups, int groupSize, int concurrency, double seconds, Options options)
      throws Exception {
    String tag = Scenarios.tag("eg");
    List<Population.Conversation> rooms = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      rooms.add(
          new Population.Conversation(
              "r" + tag + g + "@conference." + DOMAIN,
              IntStream.range(g * groupSize, (g + 1) * groupSize).toArray(),
              true));
    }
    Population population = new Population(groups * groupSize, rooms);
    List<XmppClient> clients = server.clients(population.deliveries, groups * groupSize);
    try (population) {
      for (Population.Conversation room : rooms) {
        for (int member : room.members()) {
          clients.get(member).join(room.id(), "u" + member);
        }
      }
      Load.Target target =
          (sender, conversation, body) ->
              clients.get(sender).send(conversation.id(), true, body, index(body));
      return closedLoop(population, target, concurrency, seconds, options, tag, server.pid());
    } finally {
      clients.forEach(XmppClient::close);
    }
  }

  private static int index(String body) {
    return Deliveries.indexOf(body);
  }

  /** Parley's store's durability settings, read from the running store. */
  private static Map<String, String> durabilityOf(Stack stack) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    try (Connection connection = stack.dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String name : DURABILITY) {
        try (ResultSet row = statement.executeQuery("SHOW " + name)) {
          row.next();
          settings.put(name, row.getString(1));
        }
      }
    }
    return settings;
  }

  private static void installIfMissing() throws Exception {
    // ejabberd's Postgres driver is a package of its own
    if (installed("ejabberd") && installed("erlang-p1-pgsql")) {
      return;
    }
    Bench.log("ejabberd: installing the Debian packages ejabberd and erlang-p1-pgsql");
    shell(
        Map.of("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get",
        "install",
        "-y",
        "ejabberd",
        "erlang-p1-pgsql");
  }

  private static boolean installed(String debianPackage) {
    try {
      return shellOutput(Map.of(), "dpkg-query", "-W", "-f=${Status}", debianPackage)
          .contains("install ok installed");
    } catch (Exception e) {
      return false;
    }
  }

  /** Starts the system Postgres if it is not running; true if this run started it. */
  private static boolean startSystemPostgres(Map<String, String> durability) throws Exception {
    boolean started = false;
    if (!shellOutput(Map.of(), "pg_lsclusters").contains("online")) {
      shell(Map.of(), "pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start");
      started = true;
    }
    for (Map.Entry<String, String> setting : durability.entrySet()) {
      // one statement per call: ALTER SYSTEM refuses to run inside a transaction block
      psqlAsPostgres("ALTER SYSTEM SET " + setting.getKey() + " = '" + setting.getValue() + "'");
    }
    psqlAsPostgres("SELECT pg_reload_conf()");
    psqlAsPostgres("DROP DATABASE IF EXISTS " + DB + ";");
    psqlAsPostgres("DROP ROLE IF EXISTS " + DB + ";");
    psqlAsPostgres("CREATE ROLE " + DB + " LOGIN PASSWORD '" + DB_PASSWORD + "';");
    psqlAsPostgres("CREATE DATABASE " + DB + " OWNER " + DB + ";");
    shell(
        Map.of("PGPASSWORD", DB_PASSWORD),
        "psql",
        "-q",
        "-h",
        "127.0.0.1",
        "-U",
        DB,
        "-d",
        DB,
        "-v",
        "ON_ERROR_STOP=1",
        "-f",
        "/usr/share/ejabberd/sql/pg.sql");
    return started;
  }

  /**
   * Leaves the system Postgres as the run found it: its durability settings reset, its bench
   * database dropped, and stopped again if this run started it. A failure is logged, never thrown:
   * the figures are already taken.
   */
  private static void restoreSystemPostgres(Map<String, String> durability, boolean started) {
    try {
      psqlAsPostgres("DROP DATABASE IF EXISTS " + DB + ";");
      psqlAsPostgres("DROP ROLE IF EXISTS " + DB + ";");
      for (String setting : durability.keySet()) {
        psqlAsPostgres("ALTER SYSTEM RESET " + setting);
      }
      psqlAsPostgres("SELECT pg_reload_conf()");
      if (started) {
        shell(Map.of(), "pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "stop");
      }
    } catch (Exception e) {
      Bench.log("ejabberd: restoring the system Postgres: " + e.getMessage());
    }
  }

  private static void psqlAsPostgres(String sql) throws Exception {
    shell(
        Map.of(),
        "runuser",
        "-u",
        "postgres",
        "--",
        "psql",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        sql);
  }

  static void shell(Map<String, String> env, String... command) throws Exception {
    String output = shellOutput(env, command);
    Bench.log(String.join(" ", command).lines().findFirst().orElse("") + ": ok");
    if (output.contains("ERROR")) {
      Bench.log(output);
    }
  }

  static String shellOutput(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  /** One ejabberd node on the run's own config, spool and logs. */
  static final class Ejabberd implements AutoCloseable {
    final Path dir;
    final String node;
    final int port;
    final Process process;
    final String version;
    private final HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Ejabberd(Path dir, String node, int port, Process process, String version) {
      this.dir = dir;
      this.node = node;
      this.port = port;
      this.process = process;
      this.version = version;
    }

    /** The Erlang VM's OS process (from its pid file), or -1 if unknown. */
    long pid() {
      try {
        return Long.parseLong(Files.readString(dir.resolve("ejabberd.pid")).strip());
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }

    static String jid(int user) {
      return "u" + user + "@" + DOMAIN;
    }

    static Ejabberd start(int users) throws Exception {
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:5432/" + DB, DB, DB_PASSWORD);
          PreparedStatement insert =
              connection.prepareStatement("INSERT INTO users (username, password) VALUES (?, ?)")) {
        for (int i = 0; i < users; i++) {
          insert.setString(1, "u" + i);
          insert.setString(2, PASSWORD);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "parley-ejabberd-");
      Files.createDirectories(dir.resolve("spool"));
      Files.createDirectories(dir.resolve("logs"));
      int port = freePort();
      Files.writeString(dir.resolve("ejabberd.yml"), config(port));
      // Our own ejabberdctl.cfg: the system one names the system config, which would win.
      Files.writeString(
          dir.resolve("ejabberdctl.cfg"),
          "ERL_OPTIONS=\"-env ERL_CRASH_DUMP_BYTES 0\"\nEJABBERD_PID_PATH="
              + dir.resolve("ejabberd.pid")
              + "\n");
      shellOutput(Map.of(), "chown", "-R", "ejabberd:ejabberd", dir.toString());
      shellOutput(Map.of(), "chmod", "755", dir.toString());
      String node = "parleybench" + (System.currentTimeMillis() % 100000) + "@localhost";
      Process process =
          new ProcessBuilder(
                  "/usr/sbin/ejabberdctl",
                  "--config",
                  dir.resolve("ejabberd.yml").toString(),
                  "--ctl-config",
                  dir.resolve("ejabberdctl.cfg").toString(),
                  "--spool",
                  dir.resolve("spool").toString(),
                  "--logs",
                  dir.resolve("logs").toString(),
                  "--node",
                  node,
                  "foreground")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("console.log").toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!listening(port)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroy();
          throw new IllegalStateException(
              "ejabberd did not start; see " + dir + "/console.log and logs/");
        }
        Bench.sleep(250);
      }
      String version = "23.01";
      try {
        version = shellOutput(Map.of(), "dpkg-query", "-W", "-f=${Version}", "ejabberd").trim();
      } catch (Exception ignored) {
        // the report says 23.01 then
      }
      return new Ejabberd(dir, node, port, process, version);
    }

    List<XmppClient> clients(Deliveries deliveries, int count) {
      List<XmppClient> clients = new ArrayList<>();
      String url = "ws://127.0.0.1:" + port + "/ws";
      for (int i = 0; i < count; i++) {
        XmppClient client = new XmppClient(i, DOMAIN, deliveries);
        client.login(http, url, "u" + i, PASSWORD);
        clients.add(client);
      }
      return clients;
    }

    private static String config(int port) {
      return String.join(
          "\n",
          "hosts:",
          "  - " + DOMAIN,
          "loglevel: warning",
          "listen:",
          "  -",
          "    port: " + port,
          "    ip: \"127.0.0.1\"",
          "    module: ejabberd_http",
          "    request_handlers:",
          "      /ws: ejabberd_http_ws",
          "sql_type: pgsql",
          "sql_server: \"127.0.0.1\"",
          "sql_port: 5432",
          "sql_database: " + DB,
          "sql_username: " + DB,
          "sql_password: \"" + DB_PASSWORD + "\"",
          "sql_pool_size: 20",
          "new_sql_schema: false",
          "default_db: sql",
          "auth_method: sql",
          "auth_password_format: plain",
          "acl:",
          "  local:",
          "    user_regexp: \"\"",
          "access_rules:",
          "  local:",
          "    allow: local",
          "  c2s:",
          "    allow: all",
          "  muc_create:",
          "    allow: local",
          "modules:",
          "  mod_disco: {}",
          "  mod_mam:",
          "    db_type: sql",
          "    default: always",
          "  mod_muc:",
          "    db_type: sql",
          "    access_create: muc_create",
          "    max_users: 1000",
          "    default_room_options:",
          "      mam: true",
          "      persistent: true",
          "      logging: false",
          "");
    }

    private static boolean listening(int port) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }

    @Override
    public void close() {
      try {
        shellOutput(Map.of(), "/usr/sbin/ejabberdctl", "--node", node, "stop");
      } catch (Exception e) {
        Bench.log("ejabberd stop: " + e.getMessage());
      }
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (InterruptedException e) {
        process.destroy();
        Thread.currentThread().interrupt();
      }
      try {
        // the Erlang port mapper the node started, once no node is registered with it any more
        if (!shellOutput(Map.of(), "epmd", "-names").contains("name ")) {
          shellOutput(Map.of(), "epmd", "-kill");
        }
      } catch (Exception e) {
        Bench.log("ejabberd: stopping epmd: " + e.getMessage());
      }
    }
  }
}
