package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * JSON logs (docs/adr/0127) say which request a line belongs to and nothing secret: through a
 * login, a send and a refresh, with the request logging of Spring MVC and Parley at DEBUG, every
 * line is ECS JSON, request lines carry trace and span ids, and neither the password, nor the
 * access or refresh token, nor the message body appears anywhere. The lines are written by Boot's
 * own encoder for {@code logging.structured.format.console=ecs}, attached beside the console.
 */
@StandaloneTest
class StructuredLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VERBOSE = List.of("org.springframework.web", "io.parley");

  @LocalServerPort int port;
  @Autowired LoggingSystem logging;

  @Test
  void jsonLogsOfALoginASendAndARefreshCarryTraceIdsButNoPasswordTokenOrBody() throws Exception {
    ApiClient api = new ApiClient(port);
    String name = "logs" + UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, name);
    String body = "the body " + UUID.randomUUID();
    List<String> lines;
    String accessToken;
    String refreshToken;
    try (Capture capture = new Capture()) {
      VERBOSE.forEach(logger -> logging.setLogLevel(logger, LogLevel.DEBUG));
      ApiClient.Response login =
          api.post("/api/auth/login", null, Map.of("login", name, "password", TestUsers.PASSWORD));
      assertThat(login.status()).isEqualTo(200);
      accessToken = login.body().path("accessToken").asText();
      refreshToken = login.body().path("refreshToken").asText();
      String groupId =
          api.post("/api/groups", accessToken, Map.of("name", "Logs", "visibility", "private"))
              .body()
              .path("conversation")
              .path("conversationId")
              .asText();
      assertThat(
              api.post(
                      "/api/conversations/" + groupId + "/messages",
                      accessToken,
                      Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body))
                  .status())
          .isEqualTo(201);
      assertThat(api.post("/api/auth/refresh", null, Map.of("refreshToken", refreshToken)).status())
          .isEqualTo(200);
      lines = capture.lines();
    } finally {
      VERBOSE.forEach(logger -> logging.setLogLevel(logger, null));
    }

    assertThat(lines).isNotEmpty();
    String all = String.join("\n", lines);
    assertThat(all)
        .doesNotContain(TestUsers.PASSWORD)
        .doesNotContain(accessToken)
        .doesNotContain(refreshToken)
        .doesNotContain(body);
    List<JsonNode> requestLines = new ArrayList<>();
    for (String line : lines) {
      JsonNode json = JSON.readTree(line);
      assertThat(json.path("@timestamp").isTextual()).as(line).isTrue();
      if (json.path("message").asText().contains("/api/auth/login")) {
        requestLines.add(json);
      }
    }
    assertThat(requestLines).as(all).isNotEmpty();
    assertThat(requestLines)
        .allSatisfy(
            line -> {
              assertThat(line.path("traceId").asText()).hasSize(32);
              assertThat(line.path("spanId").asText()).hasSize(16);
            });
  }

  /** Boot's ECS encoder on the root logger, into memory, for the duration of a test. */
  private static final class Capture implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger root;

    Capture() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      StructuredLogEncoder encoder = new StructuredLogEncoder();
      encoder.setContext(context);
      encoder.setFormat("ecs");
      encoder.start();
      appender.setContext(context);
      appender.setName("structured-log-test");
      appender.setEncoder(encoder);
      appender.setOutputStream(out);
      appender.start();
      root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.addAppender(appender);
    }

    List<String> lines() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
      }
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      appender.stop();
    }
  }
}
