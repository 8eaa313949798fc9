package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-process deployment as a user runs it ({@code infra/parley cluster start},
 * docs/adr/0180): the embedded stores in their own process, 2 command sides, 2 query sides, 2 push
 * gateways, and Debian's nginx with the shipped routes (infra/deploy/nginx/parley-routes.conf) in
 * front. Every client talks to nginx only. First the end-to-end path through the router (the page,
 * register and log in, a direct conversation and a group, sends, history, socket delivery with the
 * page's Origin, an upload and its file, presence crossing processes); then {@code infra/parley
 * cluster restart all} — every service process restarted, the #1s together, then the #2s — while
 * members keep sending and two devices stay connected: nothing acknowledged is lost or duplicated,
 * the seqs stay gap-free, each device ends with every message exactly once (resumed, or resynced by
 * REST), and every read model verifies clean. Replaces SeparateProcessesIT (the services as
 * separate JVMs on shared stores), which this covers.
 */
class ClusterRollingRestartIT {
  @TempDir static Path dataDir;
  static ClusterLauncher cluster;

  @BeforeAll
  static void startTheCluster() {
    cluster = new ClusterLauncher(dataDir, TestPorts.free());
    long started = System.nanoTime();
    String output = cluster.run(Duration.ofSeconds(420), "start");
    FaultyLaunch.step("cluster started", started);
    assertThat(output).contains("is running at http://localhost:" + cluster.port);
  }

  @AfterAll
  static void stopTheCluster() {
    if (cluster != null) {
      try {
        cluster.run(Duration.ofSeconds(180), "stop");
      } finally {
        cluster.keepLogs("ClusterRollingRestartIT");
      }
    }
  }

  @Test
  void theClusterServesEverythingThroughTheRouterAndLosesNothingInARollingRestart()
      throws Exception {
    int port = cluster.port;
    Calls calls = new Calls(port);
    ApiClient api = new ApiClient(port);
    long started = System.nanoTime();

    // ---- the page and the health, from nginx
    HttpResponse<String> page = get(port, "/c/" + UUID.randomUUID());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<div id=\"root\">");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
    assertThat(get(port, "/assets/missing.js").statusCode()).isEqualTo(404);
    assertThat(api.get("/actuator/health", null).body().path("status").asText()).isEqualTo("UP");
    assertThat(get(port, "/actuator/prometheus").statusCode()).isEqualTo(404);

    // ---- accounts, a direct conversation, a group
    String operatorId = LaunchedOperator.register(port);
    Calls.Actor ann = calls.newUser("ann");
    Calls.Actor ben = calls.newUser("ben");
    Calls.Actor cat = calls.newUser("cat");
    String direct =
        expect(
                calls.post(ann, "/api/conversations/direct", Map.of("userId", ben.id().toString())),
                200)
            .path("conversation")
            .path("conversationId")
            .asText();
    String group = calls.privateGroup(ann, "Cluster", ben, cat).toString();
    // GET /api/me/sessions is the command side's
    assertThat(expect(calls.get(ben, "/api/me/sessions"), 200).path("items").size()).isPositive();

    try (ResumingSocket bens = new ResumingSocket(port, calls, ben, group)) {
      // the push processes learn of the new group from the shared event log
      Awaiting.until(
          () -> {
            send(calls, ann, group, "hello " + UUID.randomUUID());
            return bens.receivedAny() ? true : null;
          },
          Duration.ofSeconds(30));
      String photo =
          TestUploads.upload(port, cat, "cluster.png", TestUploads.png(32, 24))
              .path("uploadId")
              .asText();
      JsonNode withFile =
          expect(
                  calls.post(
                      cat,
                      "/api/conversations/" + group + "/messages",
                      Map.of(
                          "clientMessageId",
                          UUID.randomUUID().toString(),
                          "body",
                          "a picture",
                          "attachmentIds",
                          List.of(photo))),
                  201)
              .path("message");
      long lastSeq = withFile.path("seq").asLong();
      Awaiting.until(() -> bens.received(lastSeq) ? true : null, Duration.ofSeconds(20));
      HttpResponse<byte[]> file =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + port + "/api/files/" + photo))
                      .header("Authorization", "Bearer " + ben.token())
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(file.statusCode()).isEqualTo(200);
      assertThat(file.body()).isEqualTo(TestUploads.png(32, 24));
      // presence crosses from a push process to the query sides (NOTIFY, not the event log)
      awaitPresence(calls, ann, ben.id().toString(), "online");
    }
    awaitPresence(calls, ann, ben.id().toString(), "offline");

    send(calls, ben, direct, "in private");
    JsonNode directHistory =
        Awaiting.until(
            () -> {
              JsonNode body = calls.get(ann, "/api/conversations/" + direct + "/messages").body();
              return body != null && body.path("items").size() == 1 ? body : null;
            },
            Duration.ofSeconds(20));
    assertThat(directHistory.path("items").get(0).path("body").asText()).isEqualTo("in private");
    FaultyLaunch.step("end to end through the router", started);

    // ---- a rolling restart of every process while members send and two devices listen
    started = System.nanoTime();
    GroupUnderLoad load = GroupUnderLoad.create(port, 4);
    List<ResumingSocket> devices = new ArrayList<>();
    Map<String, GroupSenders.Ack> acks;
    // two members send without pause (more only slows the restarts on a 2-core machine), the
    // other two listen
    for (Calls.Actor member : load.members().subList(2, 4)) {
      devices.add(new ResumingSocket(port, load.calls(), member, load.groupId()));
    }
    try (GroupSenders senders =
        GroupSenders.start(port, load.groupId(), load.members().subList(0, 2))) {
      try {
        senders.awaitAcknowledged(20, Duration.ofSeconds(60));
        int before = senders.acknowledged();
        // the restarted processes name the operator as admin, for the checks below
        cluster.admins(operatorId);
        cluster.run(Duration.ofSeconds(420), "restart", "all");
        FaultyLaunch.step("restart all, " + (senders.acknowledged() - before) + " sends", started);
        // and sends keep flowing through the restarted processes
        senders.awaitAcknowledged(senders.acknowledged() + 20, Duration.ofSeconds(60));
        try {
          acks = senders.finish(Duration.ofSeconds(60));
        } catch (AssertionError unexpected) {
          // which instance gave the answer no retry fixes, and what the router saw
          throw new AssertionError(
              unexpected.getMessage()
                  + "\nnginx, failed requests:\n"
                  + cluster.tail("nginx-failed", 40)
                  + "\nnginx errors:\n"
                  + cluster.tail("nginx-error", 20),
              unexpected);
        }
        System.out.printf(
            "rolling restart: %d sends acknowledged, %d attempts retried%n",
            acks.size(), senders.failedAttempts());

        NothingLost.assertHistoryHoldsEveryAcknowledgedSendOnce(
            load.calls(), load.members().get(0), load.groupId(), acks);
        NothingLost.assertRetriesReturnTheOriginal(senders, acks);
        long lastSeq = acks.size();
        for (ResumingSocket device : devices) {
          try {
            Awaiting.until(
                () -> device.hasEverySince(lastSeq) ? true : null, Duration.ofSeconds(60));
          } catch (AssertionError missed) {
            List<Long> missing = device.missingSince(lastSeq);
            throw new AssertionError(
                String.format(
                    "a device lacks %d of %d messages (%d reconnects, %d resumed, %d resynced):"
                        + " seqs %s … %s; socket history: %s",
                    missing.size(),
                    lastSeq,
                    device.reconnects(),
                    device.resumes(),
                    device.resyncs(),
                    missing.subList(0, Math.min(20, missing.size())),
                    missing.subList(Math.max(0, missing.size() - 5), missing.size()),
                    device.history()),
                missed);
          }
          // it listened before the restart began (the push processes may learn of the new group
          // a moment after its first sends), and from then on it has every message exactly once
          assertThat(device.firstSeq()).as("first seq on the device").isLessThanOrEqualTo(before);
          assertThat(device.duplicates()).as(device.history()).isEmpty();
          System.out.printf(
              "device: %d reconnects, %d resumed, %d resynced by REST%n",
              device.reconnects(), device.resumes(), device.resyncs());
          // a push process that shuts down hands its sockets over (1012) and the other one resumes
          // them from the event log (docs/adr/0175); a socket that merely dropped may resync
          assertThat(device.reconnects()).as("the device's socket moved").isPositive();
          assertThat(device.resumes() + device.resyncs())
              .as(device.history())
              .isEqualTo(device.reconnects());
          assertThat(device.refusedAfterHandover()).as(device.history()).isZero();
        }
      } finally {
        devices.forEach(ResumingSocket::close);
      }
    }
    FaultyLaunch.step("nothing lost, nothing duplicated", started);

    // ---- every read model checks clean, on the processes that keep them
    started = System.nanoTime();
    String token = TestUsers.login(api, LaunchedOperator.USERNAME);
    // all at once: each may wait a few seconds for its processor to commit its last position
    LaunchedOperator.checkEachAtOnce(
        LaunchedOperator.CHECKED_READ_MODELS,
        processor -> {
          String owner = processor.startsWith("push-") ? "push-1" : "query-1";
          awaitConsistent(new ApiClient(cluster.operatorPort(owner)), token, processor);
        });
    FaultyLaunch.step("every read model verified", started);
  }

  private static void awaitConsistent(ApiClient operator, String token, String processor) {
    JsonNode last =
        Awaiting.until(
            () -> {
              ApiClient.Response verify =
                  operator.post("/api/admin/processors/" + processor + "/verify", token, Map.of());
              return verify.status() == 200 && verify.body().path("differences").isEmpty()
                  ? verify.body()
                  : null;
            },
            Duration.ofSeconds(90));
    assertThat(last.path("expectedDigest")).isEqualTo(last.path("actualDigest"));
  }

  private static void send(Calls calls, Calls.Actor as, String conversation, String body) {
    expect(
        calls.post(
            as,
            "/api/conversations/" + conversation + "/messages",
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body)),
        201);
  }

  private static void awaitPresence(Calls calls, Calls.Actor as, String userId, String status) {
    Awaiting.until(
        () -> {
          JsonNode body = calls.get(as, "/api/users/" + userId).body();
          return body != null && status.equals(body.path("presence").path("status").asText())
              ? body
              : null;
        },
        Duration.ofSeconds(20));
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /**
   * nginx's port, free now and below the kernel's ephemeral range (32768 and up), so that no
   * outgoing connection takes it as its source port before nginx binds it (as infra/parley-cluster
   * picks the services' ports).
   */
}
