package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.parley.support.admin.ManagementPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * After real traffic (registrations, logins, a throttled login, sockets, messages, a resume and a
 * resync) the management port's {@code /actuator/prometheus} shows every metric docs/metrics.md
 * documents with a plausible value; the public port shows none of them (docs/adr/0120).
 */
@StandaloneTest
class MetricsScrapeTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @LocalServerPort int port;
  @Autowired ManagementPort managementPort;
  @Autowired ConfigurableEnvironment environment;
  @Autowired DataSource dataSource;

  @Test
  void theManagementPortShowsEveryDocumentedMetricWithAPlausibleValueAfterRealTraffic()
      throws Exception {
    ApiClient api = new ApiClient(port);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, "metra" + suffix);
    String bobId =
        TestUsers.register(api, "metrb" + suffix).body().path("user").path("userId").asText();
    String alice = TestUsers.login(api, "metra" + suffix);
    String bob = TestUsers.login(api, "metrb" + suffix);
    String group =
        api.post("/api/groups", alice, Map.of("name", "metrics " + suffix, "visibility", "private"))
            .body()
            .path("conversation")
            .path("conversationId")
            .asText();
    assertThat(
            api.post("/api/groups/" + group + "/members", alice, Map.of("userId", bobId)).status())
        .isEqualTo(204);

    // a login throttled (429): five wrong passwords from one address, then one more
    AuthHttp guesser = new AuthHttp(port).from(AuthHttp.freshAddress());
    for (int i = 0; i < 6; i++) {
      guesser.login("metrb" + suffix, "wrong " + i, null);
    }
    assertThat(guesser.login("metrb" + suffix, "wrong again", null).status()).isEqualTo(429);

    try (GatewayClient bobSocket = new GatewayClient(port)) {
      bobSocket.send(Map.of("op", "identify", "token", bob));
      String sessionId = bobSocket.nextOp("ready", WAIT).path("sessionId").asText();
      for (int i = 0; i < 3; i++) {
        assertThat(
                api.post(
                        "/api/conversations/" + group + "/messages",
                        alice,
                        Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "m" + i))
                    .status())
            .isEqualTo(201);
      }
      long lastEventId = 0;
      int created = 0;
      while (created < 3) {
        var frame = bobSocket.nextOp("event", WAIT);
        lastEventId = frame.path("eventId").asLong();
        if ("message.created".equals(frame.path("type").asText())) {
          created++;
        }
      }
      // a resume that replays, and one that must resync
      try (GatewayClient resumed = new GatewayClient(port)) {
        resumed.send(
            Map.of(
                "op",
                "identify",
                "token",
                bob,
                "resume",
                Map.of("sessionId", sessionId, "lastEventId", lastEventId)));
        resumed.nextOp("resumed", WAIT);
      }
      try (GatewayClient stale = new GatewayClient(port)) {
        stale.send(
            Map.of(
                "op",
                "identify",
                "token",
                bob,
                "resume",
                Map.of("sessionId", "no-such-session", "lastEventId", 1)));
        stale.nextOp("invalid_session", WAIT);
      }
    }

    Scrape scrape =
        Awaiting.until(
            () -> {
              Scrape now = scrape();
              return now.value("parley_push_latency_seconds_count") >= 3 ? now : null;
            },
            WAIT);
    for (String name : DocumentedMetrics.names()) {
      assertThat(scrape.has(name)).as("%s is on /actuator/prometheus", name).isTrue();
    }
    assertThat(scrape.value("parley_push_deliveries_total")).isGreaterThanOrEqualTo(3);
    // the connection pool's own meters (docs/metrics.md)
    assertThat(scrape.value("hikaricp_connections_max"))
        .isEqualTo(dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize());
    assertThat(scrape.value("hikaricp_connections_acquire_seconds_count")).isPositive();
    assertThat(scrape.value("parley_push_latency_seconds_sum")).isPositive();
    assertThat(scrape.value("parley_push_latency_seconds_max")).isBetween(0.0, 60.0);
    assertThat(scrape.value("parley_push_resumes_total", "outcome=\"resumed\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(scrape.value("parley_push_resumes_total", "outcome=\"resync\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(scrape.value("parley_auth_throttled_total", "action=\"login\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(scrape.value("parley_http_shed_total", "status=\"429\"")).isGreaterThanOrEqualTo(1);
    assertThat(scrape.value("parley_processor_lag_events", "processor=\"message-timeline\""))
        .isBetween(0.0, 1e9);
    assertThat(scrape.value("parley_processor_lag_seconds", "processor=\"message-timeline\""))
        .isBetween(0.0, 3600.0);
    assertThat(scrape.value("parley_push_sockets")).isBetween(0.0, 10_000.0);
  }

  @Test
  void theOperatorApiShowsTheSameLagFiguresAsTheMetrics() {
    Operator operator = Operator.signIn(managementPort, environment);
    JsonNode agreed =
        Awaiting.until(
            () -> {
              JsonNode items =
                  operator
                      .api()
                      .get("/api/admin/processors", operator.token())
                      .body()
                      .path("items");
              Scrape scrape = scrape();
              for (JsonNode processor : items) {
                String tag = "processor=\"" + processor.path("name").asText() + "\"";
                if (!same(
                        processor.path("lagEvents"),
                        scrape.value("parley_processor_lag_events", tag))
                    || !same(
                        processor.path("lagSeconds"),
                        scrape.value("parley_processor_lag_seconds", tag))) {
                  return null;
                }
              }
              return items;
            },
            WAIT);
    assertThat(agreed.findValues("lagSeconds")).hasSize(agreed.size());
    assertThat(agreed.findValues("name").stream().map(JsonNode::asText))
        .contains("message-timeline", "push-delivery");
  }

  /** The admin API's figure (null when unknown) and the gauge's (NaN when unknown) agree. */
  private static boolean same(JsonNode admin, double gauge) {
    return admin.isNumber() ? admin.asDouble() == gauge : Double.isNaN(gauge);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/actuator/prometheus",
        "/actuator/PROMETHEUS",
        "/actuator/%70rometheus",
        "/actuator/./prometheus",
        "/actuator;x=y/prometheus",
        "//actuator/prometheus",
        "/actuator/metrics",
        "/actuator/metrics/parley.push.deliveries"
      })
  void thePublicPortShowsNoMetrics(String path) throws Exception {
    HttpResponse<String> response = get("http://127.0.0.1:" + port + path);
    assertThat(response.statusCode()).as(path).isIn(400, 404);
    assertThat(response.body()).as(path).doesNotContain("parley_").doesNotContain("jvm_");
  }

  private Scrape scrape() {
    try {
      HttpResponse<String> response =
          get("http://127.0.0.1:" + managementPort.port() + "/actuator/prometheus");
      assertThat(response.statusCode()).isEqualTo(200);
      return new Scrape(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
