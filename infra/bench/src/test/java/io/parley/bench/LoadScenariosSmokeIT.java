package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.infra.stores.LocalStores;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every load scenario at a tiny size against one app start, so the harness never rots: each must
 * complete and write its report with no lost or duplicated message and no dropped socket. Speed is
 * never asserted. Ordered so that the app starts as few times as the scenarios allow (each start
 * costs 10 to 15 s here): the first start registers the admin without the second start that would
 * name it (the operator API refuses it until the app's next start), so first the scenarios that
 * never call that API; then history (which restarts the app, and so names the admin); then latency
 * and throughput (which read processor positions) on the app history left running, and cluster
 * (which measures that app, then stops it); then separate-push (its own three processes, no
 * standalone app needed); and last idle (which restarts the app with its own settings and stops it)
 * and cold start (its own starts).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadScenariosSmokeIT {
  @TempDir static Path dataDir;
  static Stack stack;

  @BeforeAll
  static void startTheApp() {
    stack = new Stack(Path.of(System.getProperty("parley.standalone.jar")), dataDir);
    // latency, fan-out and idle measure their baselines on one raw relay (cold start starts its
    // own)
    stack.shareRawRelay = true;
    stack.startAppNamingTheAdminAtTheNextStart();
  }

  @AfterAll
  static void stopEverything() {
    if (stack != null) {
      stack.close();
    }
    LocalStores.stopAll();
  }

  private static Scenarios.Outcome run(String scenario, String... options) throws Exception {
    Path out = dataDir.resolve("perf");
    Scenarios.Outcome outcome =
        Scenarios.run(scenario, stack, Options.of(options), out, scenario + " (smoke)");
    assertThat(outcome.lost()).as("lost messages").isZero();
    assertThat(outcome.duplicates()).as("duplicated messages").isZero();
    assertThat(outcome.droppedSockets()).as("sockets dropped").isZero();
    assertThat(Files.readString(outcome.report())).contains("Command:");
    assertThat(out.resolve(scenario + ".json")).exists();
    return outcome;
  }

  @Test
  @Order(6)
  void theLatencyScenarioDeliversEveryMessageOnceOnTheAppAndTheRawRelay() throws Exception {
    run(
        "latency",
        "--users",
        "12",
        "--group-size",
        "4",
        "--rate",
        "10",
        "--seconds",
        "1",
        "--warmup-seconds",
        "1",
        "--max-warmup-seconds",
        "1",
        "--baseline-seconds",
        "0.5");
    assertThat(dataDir.resolve("perf/latency.html")).exists();
  }

  @Test
  @Order(7)
  void theThroughputScenarioDeliversEveryMessageOnceAndTheProcessorsDrain() throws Exception {
    run(
        "throughput",
        "--users",
        "12",
        "--group-size",
        "4",
        "--concurrency",
        "2",
        "--seconds",
        "1",
        "--baseline-seconds",
        "0.5");
  }

  @Test
  @Order(1)
  void theFanOutScenarioDeliversEveryMessageToEveryMemberOnce() throws Exception {
    run("fanout", "--members", "12", "--rates", "5", "--step-seconds", "1");
  }

  @Test
  @Order(2)
  void theIdleDirectScenarioDeliversEveryMessageToTheOtherDevice() throws Exception {
    run("idle-direct", "--sends", "20", "--rate", "20", "--jit-warmup-seconds", "1");
  }

  @Test
  @Order(3)
  void theGroupsScenarioDeliversEveryMessageToEveryOtherMember() throws Exception {
    run(
        "groups",
        "--groups",
        "4",
        "--group-size",
        "3",
        "--concurrency",
        "2",
        "--seconds",
        "1",
        "--warmup-seconds",
        "1",
        "--max-warmup-seconds",
        "1");
  }

  @Test
  @Order(4)
  void theOverloadScenarioLosesNoAcceptedMessage() throws Exception {
    run(
        "overload",
        "--groups",
        "4",
        "--group-size",
        "3",
        "--concurrency",
        "2",
        "--probe-seconds",
        "1",
        "--seconds",
        "1");
  }

  @Test
  @Order(9)
  void theSeparatePushScenarioDeliversAcrossThreeServiceProcesses() throws Exception {
    run(
        "separate-push",
        "--sends",
        "20",
        "--rate",
        "20",
        // the JIT warm-up (and the pause after it) is the idle-direct smoke's; here the warm-up
        // round and the unmeasured open loop of direct() come before the measured sends
        "--jit-warmup-seconds",
        "0",
        "--no-standalone",
        "true",
        "--command-jar",
        System.getProperty("parley.command-side.jar"),
        "--query-jar",
        System.getProperty("parley.query-side.jar"),
        "--push-jar",
        System.getProperty("parley.realtime-push.jar"));
  }

  @Test
  @Order(8)
  void theClusterScenarioDeliversThroughNginxAndTwoOfEachService() throws Exception {
    run(
        "cluster",
        "--groups",
        "2",
        "--group-size",
        "3",
        "--concurrency",
        "2",
        "--seconds",
        "1",
        "--warmup-seconds",
        "0",
        "--service-jvm",
        "-Xmx384m -XX:TieredStopAtLevel=1",
        "--launcher",
        "../../infra/parley",
        "--client",
        "../../frontend/dist",
        "--command-jar",
        System.getProperty("parley.command-side.jar"),
        "--query-jar",
        System.getProperty("parley.query-side.jar"),
        "--push-jar",
        System.getProperty("parley.realtime-push.jar"));
  }

  @Test
  @Order(5)
  void theHistoryScenarioReadsBackEverySendInABigGeneratedGroupAndAnEmptyOne() throws Exception {
    run(
        "history",
        "--messages",
        "1000",
        "--big",
        "400",
        "--readers",
        "2",
        "--seconds",
        "1",
        "--send-rate",
        "5",
        "--baseline-seconds",
        "0.5",
        "--warmup-seconds",
        "1",
        "--max-warmup-seconds",
        "1");
  }

  @Test
  @Order(10)
  void theIdleScenarioKeepsEverySocketOpenThroughHeartbeats() throws Exception {
    run(
        "idle",
        "--connections",
        "30",
        "--users",
        "3",
        "--idle-seconds",
        "1",
        "--heartbeat-seconds",
        "1");
  }

  @Test
  @Order(11)
  void theColdStartScenarioSeesTheAppHealthy() throws Exception {
    run("coldstart", "--runs", "1");
  }
}
