package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalCqlNode;
import io.parley.infra.stores.LocalStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Rebuilds every read model of the standalone app from a generated log and measures events per
 * second, next to the raw store write rates measured in the same run (docs/adr/0060). Per profile
 * (a processor tuning): start the app on the log with no tokens (its first catch-up is a full
 * rebuild), then {@code replay all} through the admin API until every processor is back at the
 * head, then verify the timeline against the log.
 */
final class ReplayBenchmark {
  static final String ADMIN = "benchadmin";
  private static final String ADMIN_PASSWORD = "bench-admin-password-1";
  static final List<String> PROCESSORS =
      List.of(
          "user-directory",
          "conversation-directory",
          "inbox",
          "message-timeline",
          "push-membership");

  record Options(
      long events,
      List<String> profiles,
      Path jar,
      Path dataDir,
      double baselineSeconds,
      boolean jfr,
      Duration timeout) {}

  /** One phase (first catch-up or replay) of one profile. */
  record Phase(long events, double seconds, double eventsPerSecond) {}

  record ProfileResult(
      String profile,
      Map<String, String> overrides,
      Phase firstCatchUp,
      Phase replay,
      boolean verifyConsistent,
      long verifyChecked,
      JsonNode verifyReport) {}

  record Result(
      Options options,
      EventLogGenerator.Log log,
      double generateSeconds,
      RawBaselines.Rate rawCql,
      RawBaselines.Rate rawCqlInFlight,
      RawBaselines.Rate rawPostgres,
      int cqlConcurrency,
      List<ProfileResult> profiles) {}

  private final Options options;

  ReplayBenchmark(Options options) {
    this.options = options;
  }

  Result run() throws Exception {
    EmbeddedPostgresStore postgres = LocalStores.postgres(options.dataDir());
    LocalCqlNode cql = LocalStores.cql(options.dataDir());
    DataSource dataSource =
        EventLogGenerator.batching(
            postgres.jdbcUrl(), EmbeddedPostgresStore.USER, postgres.password());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PARLEY_DB_URL", postgres.jdbcUrl());
    env.put("PARLEY_DB_USER", EmbeddedPostgresStore.USER);
    env.put("PARLEY_DB_PASSWORD", postgres.password());
    env.put("PARLEY_CQL_CONTACT_POINTS", cql.contactPoint());
    env.put("PARLEY_CQL_DATACENTER", "datacenter1");
    env.put("PARLEY_DATA_DIR", options.dataDir().resolve("app").toString());

    // The app creates its schemas and the admin account (whose password only the command side's
    // tables know); the admin's id then lets later runs authorize even while the user directory
    // is being rebuilt.
    Bench.log("starting the app once to create the schemas and the admin account");
    String adminId;
    try (AppProcess app = AppProcess.start(options.jar(), env, jvm(false, "setup"), Map.of())) {
      app.awaitReady(options.timeout());
      adminId = new AdminClient(app.adminPort).registerOrLogin(ADMIN, ADMIN_PASSWORD);
    }
    env.put("PARLEY_ADMIN_USER_IDS", adminId);

    Bench.log("generating a log of " + options.events() + " events");
    long started = System.nanoTime();
    EventLogGenerator.Log log = new EventLogGenerator(42).generate(dataSource, options.events());
    double generateSeconds = seconds(started);
    Bench.log(
        String.format(
            "wrote %d events (%d users, %d conversations, %d messages) in %.1f s",
            log.events(), log.users(), log.conversations(), log.messages(), generateSeconds));

    int concurrency = cqlConcurrency();
    Bench.log("raw baselines at concurrency " + concurrency);
    RawBaselines.Rate rawCql =
        RawBaselines.cqlInserts(cql.contactPoint(), concurrency, options.baselineSeconds());
    RawBaselines.Rate rawCqlInFlight =
        RawBaselines.cqlInsertsInFlight(
            cql.contactPoint(), cqlWritesInFlight(), options.baselineSeconds());
    RawBaselines.Rate rawPostgres =
        RawBaselines.postgresCommits(dataSource, concurrency, options.baselineSeconds());
    Bench.log(
        String.format(
            "raw CQL INSERT %.0f rows/s (%.0f rows/s with %d in flight), raw Postgres"
                + " INSERT+COMMIT %.0f rows/s",
            rawCql.perSecond(),
            rawCqlInFlight.perSecond(),
            rawCqlInFlight.threads(),
            rawPostgres.perSecond()));

    List<ProfileResult> results = new ArrayList<>();
    for (String profile : options.profiles()) {
      results.add(runProfile(profile, env, dataSource));
    }
    return new Result(
        options,
        log,
        generateSeconds,
        rawCql,
        rawCqlInFlight,
        rawPostgres,
        concurrency,
        List.copyOf(results));
  }

  private ProfileResult runProfile(String profile, Map<String, String> env, DataSource dataSource)
      throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      // No positions: the app's first catch-up starts at the first event, with this profile's
      // segment count.
      statement.execute("DELETE FROM tokenentry");
    }
    Map<String, String> overrides = Profiles.overrides(profile);
    Bench.log("profile " + profile + ": starting the app " + overrides);
    try (AppProcess app =
        AppProcess.start(options.jar(), env, jvm(options.jfr(), profile), overrides)) {
      app.awaitReady(options.timeout());
      AdminClient api = new AdminClient(app.adminPort);
      api.registerOrLogin(ADMIN, ADMIN_PASSWORD);
      long firstStart = System.nanoTime();
      long head = head(api);
      // The processors started with the app: count only what is left once it is ready.
      long left = head - awaitCaughtUp(api, head, "first catch-up");
      Phase first = new Phase(left, seconds(firstStart), left / seconds(firstStart));

      head = head(api);
      long replayStart = System.nanoTime();
      api.post("/api/admin/processors/all/replay");
      awaitCaughtUp(api, head, "replay all");
      double replaySeconds = seconds(replayStart);
      Phase replay = new Phase(head, replaySeconds, head / replaySeconds);
      Bench.log(
          String.format(
              "profile %s: replay of %d events in %.1f s = %.0f events/s",
              profile, head, replaySeconds, replay.eventsPerSecond()));
      JsonNode verify = api.post("/api/admin/processors/message-timeline/verify");
      boolean consistent =
          verify.path("differences").isArray() && verify.path("differences").isEmpty();
      Bench.log("verify message-timeline: " + (consistent ? "consistent" : verify.toString()));
      return new ProfileResult(
          profile, overrides, first, replay, consistent, verify.path("checked").asLong(), verify);
    }
  }

  private List<String> jvm(boolean jfr, String name) {
    List<String> options = new ArrayList<>(List.of("-Xmx2g", "-Dparley.auth.bcrypt-cost=4"));
    if (jfr) {
      options.add(
          "-XX:StartFlightRecording=filename="
              + this.options.dataDir().resolve("replay-" + name + ".jfr")
              + ",settings=profile");
    }
    return options;
  }

  private static long head(AdminClient api) {
    return api.get("/api/admin/processors").path("items").path(0).path("head").asLong();
  }

  /**
   * Until every rebuildable processor (the five read models and any other the admin API lists as
   * resettable) has claimed its segments and reached {@code target}.
   */
  private long awaitCaughtUp(AdminClient api, long target, String what) {
    long start = System.nanoTime();
    long deadline = start + options.timeout().toNanos();
    long lastReport = 0;
    long first = -1;
    while (System.nanoTime() < deadline) {
      JsonNode items = api.get("/api/admin/processors").path("items");
      boolean done = true;
      long slowest = Long.MAX_VALUE;
      int seen = 0;
      StringBuilder positions = new StringBuilder();
      for (JsonNode item : items) {
        // Every processor "replay all" resets (message-search too), not only the five read models
        // the report names: a replay is done when all are back, and a second one is refused (409)
        // while any of them still replays.
        boolean named = PROCESSORS.contains(item.path("name").asText());
        if (!named && !item.path("resettable").asBoolean()) {
          continue;
        }
        seen += named ? 1 : 0;
        long position = item.path("position").isNull() ? 0 : item.path("position").asLong();
        slowest = Math.min(slowest, position);
        positions.append(' ').append(item.path("name").asText()).append('=').append(position);
        done &=
            item.path("caughtUp").asBoolean()
                && !item.path("replaying").asBoolean()
                && !item.path("error").asBoolean()
                && position >= target;
      }
      if (first < 0) {
        first = slowest == Long.MAX_VALUE ? 0 : slowest;
      }
      if (done && seen == PROCESSORS.size()) {
        return first;
      }
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        lastReport = System.nanoTime();
        double elapsed = seconds(start);
        Bench.log(
            String.format(
                "  %s: slowest processor at %d of %d (%.0f events/s so far);%s",
                what,
                slowest == Long.MAX_VALUE ? 0 : slowest,
                target,
                slowest / elapsed,
                positions));
      }
      // Every poll costs the app a token check: twice a second is precise enough.
      Bench.sleep(500);
    }
    throw new IllegalStateException(what + " did not finish within " + options.timeout());
  }

  /** The projections' CQL writers: as many threads as the timeline is configured to run. */
  private int cqlConcurrency() {
    return Integer.parseInt(
        Profiles.configured(options.jar())
            .getProperty("parley.processors.message-timeline.threads", "1"));
  }

  /** The timeline's bound on CQL writes in flight (parley.cql.max-writes-in-flight). */
  private int cqlWritesInFlight() {
    return Integer.parseInt(
        Profiles.configured(options.jar()).getProperty("parley.cql.max-writes-in-flight", "256"));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
