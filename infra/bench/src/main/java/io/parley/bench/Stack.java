package io.parley.bench;

import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalCqlNode;
import io.parley.infra.stores.LocalStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The stores (embedded Postgres and the local CQL node, in the run's data directory) and the
 * standalone app on them, as its own process. The scenarios drive the app only through its public
 * HTTP and WebSocket interfaces; the admin account only reads processor positions.
 */
final class Stack implements AutoCloseable {
  static final String ADMIN = "benchadmin";
  static final String ADMIN_PASSWORD = "bench-admin-password-1";

  /** The app's JVM in every scenario unless a scenario says otherwise. */
  static final List<String> APP_JVM = List.of("-Xmx2g", "-Dparley.auth.bcrypt-cost=4");

  final Path jar;
  final Path dataDir;
  final PGSimpleDataSource dataSource = new PGSimpleDataSource();
  final String cqlContactPoint;
  final Map<String, String> env = new LinkedHashMap<>();

  /** App properties given on the command line ({@code --app k=v/k=v}), applied to every start. */
  final Map<String, String> appProperties = new LinkedHashMap<>();

  /**
   * Whether the scenarios run on this stack share one raw relay, started by the first that asks and
   * stopped with the stack (the smoke run: one JVM start instead of one per scenario). Off in a
   * benchmark run, where each scenario's relay starts fresh and stops before the app is measured.
   */
  boolean shareRawRelay;

  private AppProcess app;
  private AdminClient admin;
  private int starts;
  private RawRelay sharedRelay;

  Stack(Path jar, Path dataDir) {
    this.jar = jar;
    this.dataDir = dataDir;
    EmbeddedPostgresStore postgres = LocalStores.postgres(dataDir);
    LocalCqlNode cql = LocalStores.cql(dataDir);
    cqlContactPoint = cql.contactPoint();
    dataSource.setUrl(postgres.jdbcUrl());
    dataSource.setUser(EmbeddedPostgresStore.USER);
    dataSource.setPassword(postgres.password());
    env.put("PARLEY_DB_URL", postgres.jdbcUrl());
    env.put("PARLEY_DB_USER", EmbeddedPostgresStore.USER);
    env.put("PARLEY_DB_PASSWORD", postgres.password());
    env.put("PARLEY_CQL_CONTACT_POINTS", cql.contactPoint());
    env.put("PARLEY_CQL_DATACENTER", "datacenter1");
    env.put("PARLEY_DATA_DIR", dataDir.resolve("app").toString());
  }

  /** Starts the app (stopping a running one first) and waits for its ready banner. */
  AppProcess startApp(List<String> jvm, Map<String, String> properties) {
    return startApp(jvm, properties, true);
  }

  AppProcess startApp() {
    return startApp(APP_JVM, Map.of());
  }

  /**
   * Starts the app without the second start that names the admin on a fresh data directory: the
   * admin is registered now and named from the next start on, so until then the operator API
   * refuses it ({@link #maxLag}, {@link #lags}). For a caller that restarts the app before it needs
   * that API (the smoke run, whose history scenario restarts it), one app start fewer.
   */
  AppProcess startAppNamingTheAdminAtTheNextStart() {
    return startApp(APP_JVM, Map.of(), false);
  }

  private AppProcess startApp(
      List<String> jvm, Map<String, String> properties, boolean adminNamedNow) {
    stopApp();
    Map<String, String> all = new LinkedHashMap<>(appProperties);
    all.putAll(properties);
    app = AppProcess.start(jar, env, jvm, all);
    app.awaitReady(Duration.ofMinutes(5));
    admin = new AdminClient(app.adminPort);
    String adminId = admin.registerOrLogin(ADMIN, ADMIN_PASSWORD);
    if (!adminId.equals(env.get("PARLEY_ADMIN_USER_IDS"))) {
      // Admins are named by user id (docs/adr/0087): known only once registered, then kept.
      env.put("PARLEY_ADMIN_USER_IDS", adminId);
      if (adminNamedNow) {
        return startApp(jvm, properties, true);
      }
    }
    return app;
  }

  AppProcess app() {
    return app;
  }

  String base() {
    return "http://127.0.0.1:" + app.port;
  }

  String ws() {
    return "ws://127.0.0.1:" + app.port + "/ws";
  }

  /** The largest distance, in events, between the head of the log and any processor's position. */
  long maxLag() {
    long head = 0;
    long slowest = Long.MAX_VALUE;
    for (var item : admin.get("/api/admin/processors").path("items")) {
      head = Math.max(head, item.path("head").asLong());
      if (item.path("position").isNumber()) {
        slowest = Math.min(slowest, item.path("position").asLong());
      }
    }
    return slowest == Long.MAX_VALUE ? 0 : Math.max(0, head - slowest);
  }

  /** Each processor's name and lag, for the report. */
  Map<String, Long> lags() {
    Map<String, Long> lags = new LinkedHashMap<>();
    for (var item : admin.get("/api/admin/processors").path("items")) {
      if (item.path("position").isNumber()) {
        lags.put(
            item.path("name").asText(),
            item.path("head").asLong() - item.path("position").asLong());
      }
    }
    return lags;
  }

  /** Stops the app; its output's tail stays in the data directory (app-<n>.log) for diagnosis. */
  void stopApp() {
    if (app != null) {
      app.close();
      try {
        java.nio.file.Files.writeString(dataDir.resolve("app-" + ++starts + ".log"), app.tail());
      } catch (java.io.IOException e) {
        // diagnosis only
      }
      app = null;
    }
  }

  /**
   * The raw relay (in its own JVM, the app's heap size) for a baseline; the caller closes it, which
   * leaves a shared one ({@link #shareRawRelay}) running.
   */
  RawRelay rawRelay() throws java.io.IOException {
    if (!shareRawRelay) {
      return RawRelay.start(dataDir.resolve("raw-relay.log"), APP_JVM);
    }
    if (sharedRelay == null || !sharedRelay.isAlive()) {
      Bench.log("starting the raw relay, kept for the next scenarios on these stores");
      sharedRelay = RawRelay.start(dataDir.resolve("raw-relay.log"), APP_JVM).shared();
    }
    return sharedRelay;
  }

  List<String> appJvmWith(String... more) {
    List<String> jvm = new ArrayList<>(APP_JVM);
    jvm.addAll(List.of(more));
    return jvm;
  }

  @Override
  public void close() {
    stopApp();
    if (sharedRelay != null) {
      sharedRelay.stop();
      sharedRelay = null;
    }
  }
}
