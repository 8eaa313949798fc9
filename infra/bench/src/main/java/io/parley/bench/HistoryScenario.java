package io.parley.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.infra.stores.EmbeddedPostgresStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Scenario 5: history at scale. A store of {@code messages} messages, {@code big} of them in one
 * group, written straight into the event log by {@link EventLogGenerator} (sending them through the
 * API would take hours here) and projected by the app's own processors. Then, through the public
 * API: the latest-50 page of the big group, read by {@code readers} closed-loop clients, against
 * the raw driver reading the same partition of the same table and a raw 50-row page in a bench
 * table; and the REST send latency in the big group against an empty one, interleaved at a steady
 * rate so both see the same machine. Every message sent is then read back exactly once.
 */
final class HistoryScenario {
  static final double TARGET_PAGE_P99_MS = 15;
  static final double TARGET_PAGE_RATIO = 2;
  static final double TARGET_SEND_RATIO = 1.2;

  private HistoryScenario() {}

  static Scenarios.Outcome run(Stack stack, Options options, Path out, String command)
      throws Exception {
    long messages = options.integer("messages", 1_000_000);
    int big = options.integer("big", (int) (messages / 2));
    int readers = options.integer("readers", 4);
    double seconds = options.decimal("seconds", 20);
    double sendRate = options.decimal("send-rate", 20);
    double baselineSeconds = options.decimal("baseline-seconds", 10);
    // The page reads measure a warm server (docs/adr/0205, 0216): with 2 s of warm-up the app's
    // compilers took 31 s of CPU inside a 22 s window of 4 readers.
    double warmSeconds = RealtimeScenarios.loadWarmupSeconds(options);
    int catchUpMinutes = options.integer("catch-up-minutes", 60);
    boolean jfr = options.flag("jfr");
    Report report = new Report("history", "Scenario 5: history at scale", command, options.used());

    if (stack.app() == null) {
      stack.startApp();
    }
    Api setup = new Api(stack.base());
    String tag = Scenarios.tag("history");
    Api.User alice = setup.user(0, tag + "a");
    Api.User bob = setup.user(1, tag + "b");
    String bigId = setup.group(alice, tag + " archive", List.of(bob.userId()), "private");
    String emptyId = setup.group(alice, tag + " fresh", List.of(bob.userId()), "private");
    // The group's stream must be complete before the generator appends to it.
    stack.stopApp();

    DataSource batching =
        EventLogGenerator.batching(
            stack.dataSource.getUrl(), EmbeddedPostgresStore.USER, stack.dataSource.getPassword());
    EventLogGenerator generator = new EventLogGenerator(5);
    long generateStart = System.nanoTime();
    EventLogGenerator.Log others = generator.generateMessages(batching, messages - big);
    generator.appendMessages(
        batching,
        UUID.fromString(bigId),
        new UUID[] {UUID.fromString(alice.userId()), UUID.fromString(bob.userId())},
        big,
        nextSequence(stack.dataSource, bigId),
        0);
    double generateSeconds = (System.nanoTime() - generateStart) / 1e9;
    long storedMessages = others.messages() + big;
    Bench.log(
        String.format(
            Locale.ROOT,
            "history: wrote %,d messages (%,d in one group) in %,d events, %.0f s",
            storedMessages,
            big,
            others.events() + big,
            generateSeconds));

    // The processors take the generated events as new ones, from where they stopped.
    long catchUpStart = System.nanoTime();
    stack.startApp();
    awaitCaughtUp(stack, Duration.ofMinutes(catchUpMinutes));
    double catchUpSeconds = (System.nanoTime() - catchUpStart) / 1e9;
    Bench.log(String.format(Locale.ROOT, "history: projected in %.0f s", catchUpSeconds));
    Api api = new Api(stack.base()); // the restarted app listens on a new port
    alice = api.user(0, alice.username());
    String page = "/api/conversations/" + bigId + "/messages?limit=50";
    JsonNode latest = api.get(alice, page);
    long bigLastSeq = latest.path("items").path(49).path("seq").asLong();
    if (bigLastSeq != big) {
      throw new IllegalStateException(
          "the big group's newest seq is " + bigLastSeq + ", not " + big);
    }

    // The first command on the big group loads its unsnapshotted stream.
    long coldStart = System.nanoTime();
    JsonNode cold =
        Api.answer(
            "POST",
            "cold send",
            api.send(
                alice.token(),
                "POST",
                "/api/conversations/" + bigId + "/messages",
                Map.of("clientMessageId", UUID.randomUUID().toString(), "body", tag + " cold"),
                Duration.ofMinutes(10)));
    double coldSendMs = (System.nanoTime() - coldStart) / 1e6;
    List<Long> ownSeqsBig = new ArrayList<>(List.of(cold.path("message").path("seq").asLong()));
    List<Long> ownSeqsEmpty = new ArrayList<>();
    ownSeqsEmpty.add(api.send(alice, emptyId, tag + " warm").get().seq());

    Api.User reader = alice;
    AtomicLong pageReads = new AtomicLong();
    StoreBaselines.Operation readPage =
        (thread, n) -> {
          pageReads.incrementAndGet();
          if (api.get(reader, page).path("items").size() != 50) {
            throw new IllegalStateException("a latest-50 page was not full");
          }
        };
    if (jfr) {
      Jfr.start(stack.app().pid()); // before the warm-up: see Jfr.mark
    }
    JitCompilers.Warmed warmed =
        JitCompilers.warm(
            "history: app latest-50",
            stack.app().pid(),
            readers,
            warmSeconds,
            RealtimeScenarios.loadMaxWarmupSeconds(options),
            readPage);
    double compiledBefore = JitCompilers.compileSeconds(stack.app().pid());
    long measureStart = System.nanoTime();
    pageReads.set(0);
    CpuMeter cpu = CpuMeter.start(stack.app().pid());
    Instant window =
        jfr ? Jfr.mark(stack.app().pid(), stack.dataDir.resolve("history-warm-up.jfr")) : null;
    StoreBaselines.Measured appPage =
        StoreBaselines.measure(
            "app: GET latest-50 page of the big group", readers, seconds, readPage);
    // Per read, over the whole call (its 2 s lead-in included): steadier than reads/s on a
    // saturated machine, where runs of one build differed by half (docs/adr/0216).
    CpuMeter.Used pageCpu = cpu.stop();
    double windowSeconds = (System.nanoTime() - measureStart) / 1e9;
    double windowCompilerShare =
        (JitCompilers.compileSeconds(stack.app().pid()) - compiledBefore) / windowSeconds;
    Map<String, Object> profile =
        jfr ? Jfr.stop(stack.app().pid(), stack.dataDir.resolve("history.jfr"), 12, window) : null;
    Bench.log(
        String.format(
            Locale.ROOT,
            "history: app latest-50 %s; app CPU %.3f ms per read",
            appPage.latencies().summary(),
            pageCpu.appMillisPer(pageReads.get())));

    StoreBaselines.Measured rawSame;
    StoreBaselines.Measured rawBench;
    try (CqlSession cql = StoreBaselines.cql(stack.cqlContactPoint)) {
      PreparedStatement same =
          cql.prepare(
              "SELECT seq, message_id, sender_id, body, reply_to_message_id, deleted, edited_at,"
                  + " reactions, created_at FROM parley.messages_by_conversation"
                  + " WHERE conversation_id = ? AND bucket = ? LIMIT 50");
      UUID bigUuid = UUID.fromString(bigId);
      int newestFullBucket = (int) ((big - 50) / 1000);
      StoreBaselines.Operation readRaw =
          (thread, n) -> {
            if (cql.execute(same.bind(bigUuid, newestFullBucket)).all().size() != 50) {
              throw new IllegalStateException("the raw page was not full");
            }
          };
      // The raw read is a few driver classes: warm, like the app, but it needs less.
      StoreBaselines.warm("history: raw same rows", readers, Math.min(warmSeconds, 20), readRaw);
      rawSame =
          StoreBaselines.measure(
              "raw driver: the same 50 rows of the app's table", readers, baselineSeconds, readRaw);
      UUID seeded = StoreBaselines.seedConversation(cql, 1000);
      rawBench = StoreBaselines.cqlLatest50(cql, seeded, readers, baselineSeconds);
    }
    Bench.log("history: raw same rows " + rawSame.latencies().summary());

    Latencies sendBig = new Latencies();
    Latencies sendEmpty = new Latencies();
    int failedSends =
        sendInterleaved(
            api,
            alice,
            bigId,
            emptyId,
            tag,
            sendRate,
            seconds,
            sendBig,
            sendEmpty,
            ownSeqsBig,
            ownSeqsEmpty);

    Map<String, Integer> readBack = new HashMap<>();
    long lost =
        missing(api, alice, bigId, big, ownSeqsBig, tag, readBack)
            + missing(api, alice, emptyId, 0, ownSeqsEmpty, tag, readBack)
            + failedSends;
    long duplicates = readBack.values().stream().filter(count -> count > 1).count();

    Latencies.Summary pageSummary = appPage.latencies().summary();
    Latencies.Summary rawSummary = rawSame.latencies().summary();
    Latencies.Summary bigSummary = sendBig.summary();
    Latencies.Summary emptySummary = sendEmpty.summary();
    double pageRatio = pageSummary.p99() / rawSummary.p99();
    double pageRatioP50 = pageSummary.p50() / rawSummary.p50();
    double sendRatio = bigSummary.p50() / emptySummary.p50();
    double sendRatioP99 = bigSummary.p99() / emptySummary.p99();

    report.put("storedMessages", storedMessages);
    report.put("bigGroupMessages", big);
    report.put("events", others.events() + big);
    report.put("generateSeconds", Report.round(generateSeconds));
    report.put("projectSeconds", Report.round(catchUpSeconds));
    report.put("coldFirstSendMs", Report.round(coldSendMs));
    report.put("appLatest50", appPage.toMap());
    report.put("appLatest50Cpu", pageCpu.toMap(pageReads.get()));
    report.put("warmupSeconds", Report.round(warmed.seconds()));
    report.put("warmupLastStepCompilerShare", Report.round(warmed.compilerShare()));
    report.put("measuredWindowCompilerShare", Report.round(windowCompilerShare));
    report.put("rawSameRows", rawSame.toMap());
    report.put("rawBenchTable", rawBench.toMap());
    report.put("sendBigGroup", bigSummary.toMap());
    report.put("sendEmptyGroup", emptySummary.toMap());
    report.put("pageP99RatioToRaw", Report.round(pageRatio));
    report.put("pageP50RatioToRaw", Report.round(pageRatioP50));
    report.put("sendP50RatioBigToEmpty", Report.round(sendRatio));
    report.put("sendP99RatioBigToEmpty", Report.round(sendRatioP99));
    report.put("lost", lost);
    report.put("duplicated", duplicates);
    report.chart("app latest-50 page", appPage.latencies());
    report.chart("raw driver, same rows", rawSame.latencies());
    report.chart("send, big group", sendBig);
    report.chart("send, empty group", sendEmpty);

    report.md(
        "The store holds **%,d messages**, **%,d** of them in one private group of two members"
            + " (%,d events in all, written into the event log by `EventLogGenerator` in %.0f s,"
            + " then projected by the app's own processors in %.0f s after a restart). The group's"
            + " stream has no snapshot, as an imported log would not: the first send loaded all"
            + " %,d events and took **%,.0f ms** (Axon then snapshots it, docs/adr/0022).%n%n",
        storedMessages,
        big,
        others.events() + big,
        generateSeconds,
        catchUpSeconds,
        big,
        coldSendMs);
    report.md(
        "**Latest-50 page** (`GET /api/conversations/{id}/messages?limit=50`, %d closed-loop"
            + " readers for %.0f s, after %.0f s of the same reads unmeasured, until the app's JIT"
            + " compilers were busy ≤ 5%% of 10 s (%.0f%% over the last step, %.0f%% in the"
            + " measured window; docs/adr/0216)):%n%n"
            + "| reader | n | p50 ms | p90 ms | p99 ms | max ms | reads/s |%n"
            + "|---|---:|---:|---:|---:|---:|---:|%n",
        readers,
        seconds,
        warmed.seconds(),
        100 * warmed.compilerShare(),
        100 * windowCompilerShare);
    for (StoreBaselines.Measured m : List.of(appPage, rawSame, rawBench)) {
      Latencies.Summary s = m.latencies().summary();
      report.md(
          "| %s | %,d | %.2f | %.2f | %.2f | %.1f | %,.0f |%n",
          m.what(), s.count(), s.p50(), s.p90(), s.p99(), s.max(), m.perSecond());
    }
    report.md(
        "%nCPU per page read in that window: the app %.2f ms, the whole machine %.2f ms (app,"
            + " stores and readers; %.0f of %.0f CPU-seconds busy).%n",
        pageCpu.appMillisPer(pageReads.get()),
        pageCpu.machineMillisPer(pageReads.get()),
        pageCpu.machineNanos() / 1e9,
        Runtime.getRuntime().availableProcessors() * windowSeconds);
    report.md(
        "%nTargets (issue 8): p99 ≤ %.0f ms: %s; p99 ≤ %.0f× the raw driver read of the same rows"
            + " (%.1f×; p50 %.1f×): %s.%n%n",
        TARGET_PAGE_P99_MS,
        Scenarios.over(pageSummary.p99(), TARGET_PAGE_P99_MS),
        TARGET_PAGE_RATIO,
        pageRatio,
        pageRatioP50,
        Scenarios.over(pageRatio, TARGET_PAGE_RATIO));
    if (profile != null) {
      report.put("jfr", profile);
    }
    report.profile("the latest-50 reads", profile);
    report.md(
        "**Send latency** (`POST …/messages` until 201, one sender alternating between the big"
            + " group and an empty one at %.0f sends/s for %.0f s, after both were loaded):%n%n"
            + "| conversation | n | p50 ms | p90 ms | p99 ms | max ms |%n|---|---:|---:|---:|---:|---:|%n"
            + "| big group (%,d messages) | %,d | %.2f | %.2f | %.2f | %.1f |%n"
            + "| empty group | %,d | %.2f | %.2f | %.2f | %.1f |%n%n",
        sendRate,
        seconds,
        big,
        bigSummary.count(),
        bigSummary.p50(),
        bigSummary.p90(),
        bigSummary.p99(),
        bigSummary.max(),
        emptySummary.count(),
        emptySummary.p50(),
        emptySummary.p90(),
        emptySummary.p99(),
        emptySummary.max());
    report.md(
        "Target: big ≤ %.1f× empty: p50 %.2f×, p99 %.2f×: %s.%n%n",
        TARGET_SEND_RATIO, sendRatio, sendRatioP99, Scenarios.over(sendRatio, TARGET_SEND_RATIO));
    report.md(
        "Every message sent (%,d in the big group, %,d in the empty one) was read back by REST:"
            + " %d lost (%d sends failed), %d duplicated.%n",
        ownSeqsBig.size(), ownSeqsEmpty.size(), lost, failedSends, duplicates);
    return new Scenarios.Outcome("history", lost, duplicates, 0, report.write(out));
  }

  /** One send every 1/rate seconds, alternating conversations; returns the failed sends. */
  private static int sendInterleaved(
      Api api,
      Api.User sender,
      String bigId,
      String emptyId,
      String tag,
      double rate,
      double seconds,
      Latencies big,
      Latencies empty,
      List<Long> bigSeqs,
      List<Long> emptySeqs)
      throws Exception {
    long intervalNanos = (long) (1e9 / rate);
    long start = System.nanoTime();
    int total = (int) (rate * seconds);
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    int[] failed = new int[1];
    for (int i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      boolean toBig = i % 2 == 0;
      long sentAt = System.nanoTime();
      pending.add(
          api.send(sender, toBig ? bigId : emptyId, tag + " " + i)
              .thenAccept(
                  sent -> {
                    long nanos = System.nanoTime() - sentAt;
                    synchronized (failed) {
                      if (sent.status() != 201) {
                        failed[0]++;
                      } else if (toBig) {
                        big.add(nanos);
                        bigSeqs.add(sent.seq());
                      } else {
                        empty.add(nanos);
                        emptySeqs.add(sent.seq());
                      }
                    }
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
    return failed[0];
  }

  /**
   * The sent seqs that REST does not return with one of the scenario's bodies, reading every
   * message after {@code from}; counts each body read into {@code readBack}.
   */
  private static long missing(
      Api api,
      Api.User reader,
      String conversationId,
      long from,
      List<Long> seqs,
      String tag,
      Map<String, Integer> readBack) {
    Map<Long, String> bodies = new HashMap<>();
    long after = from;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      JsonNode items =
          api.get(
                  reader,
                  "/api/conversations/" + conversationId + "/messages?limit=100&after=" + after)
              .path("items");
      for (JsonNode item : items) {
        bodies.put(item.path("seq").asLong(), item.path("body").asText());
        after = Math.max(after, item.path("seq").asLong());
      }
      boolean complete = seqs.stream().allMatch(seq -> bodies.containsKey(seq));
      if (complete || System.nanoTime() > deadline) {
        break;
      }
      if (items.isEmpty()) {
        Bench.sleep(200); // the timeline may still be storing the last sends
      }
    }
    bodies.values().forEach(body -> readBack.merge(body, 1, Integer::sum));
    return seqs.stream().filter(seq -> !bodies.getOrDefault(seq, "").startsWith(tag)).count();
  }

  private static long nextSequence(DataSource dataSource, String aggregateId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        java.sql.PreparedStatement query =
            connection.prepareStatement(
                "SELECT max(sequencenumber) + 1 FROM domainevententry"
                    + " WHERE aggregateidentifier = ?")) {
      query.setString(1, aggregateId);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static void awaitCaughtUp(Stack stack, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastLog = 0;
    while (true) {
      long lag = stack.maxLag();
      if (lag == 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "processors still " + lag + " events behind: " + stack.lags());
      }
      if (System.nanoTime() - lastLog > 30e9) {
        Bench.log("history: projecting, " + stack.lags());
        lastLog = System.nanoTime();
      }
      Bench.sleep(500);
    }
  }
}
