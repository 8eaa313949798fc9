package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.admin.ManagementPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;

/** The operator CLI as a separate process against the running app, as an operator uses it. */
@StandaloneTest
class CliProcessTest {
  record Run(int exit, String out) {}

  @LocalServerPort int port;
  @TempDir Path dir;
  @Autowired ManagementPort managementPort;
  @Autowired ConfigurableEnvironment environment;
  String managementUrl;
  String operatorId;
  String groupId;

  @BeforeEach
  void data() {
    ApiClient api = new ApiClient(port);
    Operator operator = Operator.signIn(managementPort, environment);
    managementUrl = operator.baseUrl();
    operatorId = operator.userId().toString();
    String token = operator.token();
    groupId =
        api.post("/api/groups", token, Map.of("name", "Cli", "visibility", "private"))
            .body()
            .path("conversation")
            .path("conversationId")
            .asText();
    api.post(
        "/api/conversations/" + groupId + "/messages",
        token,
        Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "audit me"));
  }

  @Test
  void listsProcessors() {
    Run run = cli(TestUsers.PASSWORD, "processors");
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).contains("PROCESSOR").contains("message-timeline").contains("running");
    // lag in events and in seconds, as parley_processor_lag_events|seconds report them
    assertThat(run.out())
        .contains("LAG-SECS")
        .containsPattern("(?m)^message-timeline +running +no +\\d+ +\\d+ +\\d+ +\\d+\\.\\d{3} ");
  }

  @Test
  void tellsTheOperatorTheUserIdToNameAsAdmin() {
    Run run = cli(TestUsers.PASSWORD, "whoami");
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).contains(operatorId).contains("operator");
  }

  @Test
  void replaysWithAProgressBarUntilComplete() {
    Run run = cli(TestUsers.PASSWORD, "replay", "user-directory");
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out())
        .contains("Replaying user-directory")
        .contains("%")
        .contains("Replay complete");
  }

  @Test
  void printsOneAggregatesEventsAndExportsTheLog() throws IOException {
    Run events = cli(TestUsers.PASSWORD, "events", groupId);
    assertThat(events.exit()).as(events.out()).isZero();
    assertThat(events.out()).contains("GroupCreatedEvent").contains("MessageSentEvent");

    Path file = dir.resolve("log.ndjson");
    Run export = cli(TestUsers.PASSWORD, "export", "--out", file.toString());
    assertThat(export.exit()).as(export.out()).isZero();
    assertThat(Files.readAllLines(file)).isNotEmpty().allMatch(line -> line.startsWith("{"));
  }

  @Test
  void verifiesAReadModelAndListsParkedEvents() {
    Run verify = cli(TestUsers.PASSWORD, "verify", "message-timeline");
    assertThat(verify.out()).contains("log digest").contains("read model digest");
    assertThat(verify.exit()).as(verify.out()).isIn(0, 3);

    Run letters = cli(TestUsers.PASSWORD, "dead-letters", "conversation-directory");
    assertThat(letters.exit()).as(letters.out()).isZero();
    assertThat(letters.out()).contains("parked event(s)");

    Run unknown = cli(TestUsers.PASSWORD, "dead-letters", "nope");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.out()).contains("HTTP 404");
  }

  @Test
  void reportsBadArgumentsAndRefusalsClearly() {
    Run unknown = cli(TestUsers.PASSWORD, "replay", "nope");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.out()).contains("HTTP 404").doesNotContain("Exception");

    Run missing = cli(TestUsers.PASSWORD, "replay");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.out()).contains("Missing required parameter");

    Run wrongPassword = cli("not the password", "processors");
    assertThat(wrongPassword.exit()).isEqualTo(1);
    assertThat(wrongPassword.out()).contains("HTTP 401");

    Run badTime = cli(TestUsers.PASSWORD, "export", "--from", "yesterday");
    assertThat(badTime.exit()).isEqualTo(1);
    assertThat(badTime.out()).contains("HTTP 400");
  }

  private Run cli(String password, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a CLI run lives a second or two: the test JVM's own JIT setting (C1 only unless
    // -Dparley.test.jvm= says otherwise, docs/adr/0215) and the serial collector
    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("-XX:TieredStopAtLevel="))
        .forEach(command::add);
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.parley.cli.ParleyCli");
    command.add("--url=" + managementUrl);
    command.add("--user=operator");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PARLEY_ADMIN_PASSWORD", password);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("cli did not finish: " + out);
      }
      return new Run(process.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
