package io.parley.command.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.command.CommandSideApplication;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageSentEvent;
import io.parley.support.auth.AccessTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sends over HTTP against a command side with a tiny admission limit and a watched processor the
 * test can hold back: past the limit, or with delivery behind, a send is refused with a 503 problem
 * and a Retry-After, and writes nothing; every accepted send is in the log. With two worker threads
 * the test can take both, so a send waits in Tomcat's queue past the queue-wait bound.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "parley.admission.max-in-flight-sends=2",
      "parley.admission.watched-processors=" + SendAdmissionHttpTest.PROBE,
      "parley.admission.max-delivery-lag=200ms",
      "parley.admission.lag-sample-interval=10ms",
      "parley.admission.retry-after=2s",
      "parley.admission.max-queue-wait=100ms",
      "server.tomcat.threads.max=2",
      "server.tomcat.threads.min-spare=2"
    })
@Import({SendAdmissionHttpTest.Probe.class, SendAdmissionHttpTest.Hold.class})
class SendAdmissionHttpTest {
  static final String PROBE = "admission-probe";
  static final String SLOW = "held back by the probe";
  static volatile CountDownLatch gate = new CountDownLatch(0);

  /** A watched processor that stops at the message {@link #SLOW} until the gate opens. */
  @TestConfiguration
  @ProcessingGroup(PROBE)
  static class Probe {
    @EventHandler
    void on(MessageSentEvent event) throws InterruptedException {
      if (SLOW.equals(event.body())) {
        gate.await();
      }
    }
  }

  static volatile CountDownLatch held = new CountDownLatch(0);
  static volatile CountDownLatch release = new CountDownLatch(0);

  /** Takes a worker thread until the test releases it. */
  @RestController
  static class Hold {
    @GetMapping("/test/hold")
    String hold() throws InterruptedException {
      held.countDown();
      release.await();
      return "released";
    }
  }

  @LocalServerPort int port;
  @Autowired CommandGateway commands;
  @Autowired AccessTokens tokens;
  @Autowired SendAdmission admission;
  @Autowired DeliveryLag lag;
  @Autowired EventStore eventStore;
  @Autowired EventProcessingConfiguration processing;
  @Autowired ObjectMapper json;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;

  final HttpClient http = HttpClient.newHttpClient();
  UUID user;
  UUID group;
  String token;

  @BeforeEach
  void groupOfOne() {
    user = UUID.randomUUID();
    group = UUID.randomUUID();
    commands.sendAndWait(
        new CreateGroupCommand(
            group,
            user,
            "Busy",
            "",
            Visibility.PRIVATE,
            List.of(UUID.randomUUID()),
            Instant.now()));
    token = tokens.issue(user, UUID.randomUUID(), Instant.now());
    await(
        () ->
            processing
                .eventProcessor(PROBE, StreamingEventProcessor.class)
                .orElseThrow()
                .processingStatus()
                .values()
                .stream()
                .anyMatch(status -> status.isCaughtUp()));
  }

  @AfterEach
  void openGate() {
    gate.countDown();
    release.countDown();
  }

  @Test
  void aSendThatWaitedTooLongForAWorkerThreadIsRefusedBeforeItsTokenIsRead() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> holders = takeBothWorkerThreads();
    UUID late = UUID.randomUUID();
    double shedBefore = shed503();
    var queued = sendAsync(late, "waited in the queue", "not even a token");
    Thread.sleep(300);
    release.countDown();
    HttpResponse<String> response = queued.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertRefused(response);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .as("refused before the token check")
        .isEmpty();
    assertThat(shed503()).as("parley.http.shed{503, overloaded}").isEqualTo(shedBefore + 1);
    for (var holder : holders) {
      assertThat(holder.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    // a read that waited as long is not refused: only sends are
    takeBothWorkerThreads();
    var waitingRead = hold();
    Thread.sleep(300);
    release.countDown();
    assertThat(waitingRead.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode())
        .isEqualTo(200);

    UUID onTime = UUID.randomUUID();
    assertThat(send(onTime, "on time").statusCode()).isEqualTo(201);
    assertThat(clientIdsInTheLog()).containsExactly(onTime);
  }

  @Test
  void aSendPastTheInFlightLimitIsRefusedWithRetryAfterAndWritesNothing() throws Exception {
    UUID refused = UUID.randomUUID();
    double shedBefore = shed503();
    try (SendAdmission.Permit first = admission.admit();
        SendAdmission.Permit second = admission.admit()) {
      HttpResponse<String> response = send(refused, "one too many");
      assertRefused(response);
      assertThat(shed503()).as("parley.http.shed{503, overloaded}").isEqualTo(shedBefore + 1);
      assertThat(json.readTree(response.body()).path("detail").asText()).contains("Too many");
    }
    UUID accepted = UUID.randomUUID();
    assertThat(send(accepted, "room again").statusCode()).isEqualTo(201);

    assertThat(clientIdsInTheLog()).containsExactly(accepted);
  }

  /**
   * At the limit a send is refused by the first filter, before its token is read or its body parsed
   * (docs/adr/0220): a refusal costs the accepted sends almost nothing.
   */
  @Test
  void aSendAtTheInFlightLimitIsRefusedBeforeItsTokenOrBodyIsRead() throws Exception {
    try (SendAdmission.Permit first = admission.admit();
        SendAdmission.Permit second = admission.admit()) {
      HttpResponse<String> badToken = sendAsync(UUID.randomUUID(), "x", "not even a token").get();
      assertRefused(badToken);
      assertThat(badToken.headers().firstValue("WWW-Authenticate"))
          .as("refused before the token check")
          .isEmpty();
      HttpResponse<String> badBody =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:" + port + "/api/conversations/" + group + "/messages"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertRefused(badBody);
    }
    // with room again, the same requests get their own answers
    assertThat(sendAsync(UUID.randomUUID(), "x", "not even a token").get().statusCode())
        .isEqualTo(401);
    UUID accepted = UUID.randomUUID();
    assertThat(send(accepted, "room again").statusCode()).isEqualTo(201);
    assertThat(clientIdsInTheLog()).containsExactly(accepted);
  }

  @Test
  void whileDeliveryRunsBehindSendsAreRefusedUntilItCatchesUp() throws Exception {
    gate = new CountDownLatch(1);
    UUID slow = UUID.randomUUID();
    assertThat(send(slow, SLOW).statusCode()).isEqualTo(201);
    await(() -> lag.get().compareTo(Duration.ofMillis(200)) > 0);

    UUID refused = UUID.randomUUID();
    HttpResponse<String> response = send(refused, "while behind");
    assertRefused(response);
    assertThat(json.readTree(response.body()).path("detail").asText()).contains("late");

    gate.countDown();
    await(() -> lag.get().isZero());
    UUID accepted = UUID.randomUUID();
    assertThat(send(accepted, "caught up").statusCode()).isEqualTo(201);

    assertThat(clientIdsInTheLog()).containsExactly(slow, accepted);
  }

  @Test
  void underABurstEveryAcceptedSendIsInTheLogAndNoRefusedOneIs() throws Exception {
    int senders = 12;
    int each = 10;
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<UUID, HttpResponse<String>>>> results = new ArrayList<>();
    try {
      for (int s = 0; s < senders; s++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  Map<UUID, HttpResponse<String>> answers = new java.util.HashMap<>();
                  for (int i = 0; i < each; i++) {
                    UUID id = UUID.randomUUID();
                    answers.put(id, send(id, "burst " + i));
                  }
                  return answers;
                }));
      }
      start.countDown();
      Set<UUID> accepted = new HashSet<>();
      int refused = 0;
      for (Future<Map<UUID, HttpResponse<String>>> result : results) {
        for (Map.Entry<UUID, HttpResponse<String>> answer : result.get().entrySet()) {
          if (answer.getValue().statusCode() == 201) {
            accepted.add(answer.getKey());
          } else {
            assertRefused(answer.getValue());
            refused++;
          }
        }
      }
      assertThat(accepted.size() + refused).isEqualTo(senders * each);
      assertThat(clientIdsInTheLog()).containsExactlyInAnyOrderElementsOf(accepted);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pipelinedSendsOnOneConnectionAreEachTimedFromTheirOwnStart() throws Exception {
    // Tomcat serves requests already waiting on a keep-alive connection in the same worker task,
    // without a new hand-over: together they take longer than the queue-wait bound, each alone not
    List<UUID> sent = new ArrayList<>();
    StringBuilder pipelined = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      UUID id = UUID.randomUUID();
      sent.add(id);
      String body =
          json.writeValueAsString(Map.of("clientMessageId", id.toString(), "body", "piped " + i));
      pipelined
          .append("POST /api/conversations/")
          .append(group)
          .append("/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ")
          .append(token)
          .append("\r\nContent-Type: application/json\r\nContent-Length: ")
          .append(body.length())
          .append("\r\n\r\n")
          .append(body);
    }
    long started = System.nanoTime();
    List<Integer> statuses = new ArrayList<>();
    try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write(pipelined.toString().getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      for (int i = 0; i < sent.size(); i++) {
        statuses.add(readResponse(in));
      }
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("the sends together outlast the bound")
        .isGreaterThan(Duration.ofMillis(100));
    assertThat(statuses).containsOnly(201);
    assertThat(clientIdsInTheLog()).containsExactlyElementsOf(sent);
  }

  /** Reads one HTTP/1.1 response (fixed length or chunked) and returns its status. */
  private static int readResponse(java.io.InputStream in) throws java.io.IOException {
    int status = Integer.parseInt(line(in).split(" ")[1]);
    long length = 0;
    boolean chunked = false;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      String lower = header.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (!chunked) {
      in.readNBytes((int) length);
      return status;
    }
    for (long size = Long.parseLong(line(in).trim(), 16); size > 0; ) {
      in.readNBytes((int) size);
      line(in);
      size = Long.parseLong(line(in).trim(), 16);
    }
    line(in);
    return status;
  }

  private static String line(java.io.InputStream in) throws java.io.IOException {
    StringBuilder text = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new java.io.EOFException("connection closed mid-response");
      }
      if (c != '\r') {
        text.append((char) c);
      }
    }
    return text.toString();
  }

  /**
   * Both worker threads taken until {@link #release} opens: the next request waits in the queue.
   */
  private List<CompletableFuture<HttpResponse<String>>> takeBothWorkerThreads()
      throws InterruptedException {
    held = new CountDownLatch(2);
    release = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> holders = List.of(hold(), hold());
    assertThat(held.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return holders;
  }

  private CompletableFuture<HttpResponse<String>> hold() {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/test/hold")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private double shed503() {
    var counter =
        meters.find("parley.http.shed").tags("status", "503", "reason", "overloaded").counter();
    return counter == null ? 0 : counter.count();
  }

  private void assertRefused(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.path("type").asText()).isEqualTo("urn:parley:problem:overloaded");
    assertThat(problem.path("status").asInt()).isEqualTo(503);
  }

  private HttpResponse<String> send(UUID clientMessageId, String body) throws Exception {
    return sendAsync(clientMessageId, body, token).get();
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(
      UUID clientMessageId, String body, String bearer) throws Exception {
    String payload =
        json.writeValueAsString(
            Map.of("clientMessageId", clientMessageId.toString(), "body", body));
    return http.sendAsync(
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:" + port + "/api/conversations/" + group + "/messages"))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<UUID> clientIdsInTheLog() {
    return eventStore
        .readEvents(group.toString())
        .asStream()
        .map(event -> event.getPayload())
        .filter(MessageSentEvent.class::isInstance)
        .map(event -> ((MessageSentEvent) event).clientMessageId())
        .toList();
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 90 s").isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
