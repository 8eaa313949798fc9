package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operator of an app started as a process ({@link FaultyLaunch}): processor status and the
 * read-model checks through the management port (docs/adr/0087). In-process tests use {@link
 * Operator}.
 */
final class LaunchedOperator {
  static final String USERNAME = Operator.NAME;

  /** Every read model with a check (push-delivery keeps none). */
  static final List<String> CHECKED_READ_MODELS =
      List.of(
          "user-directory",
          "conversation-directory",
          "inbox",
          "message-timeline",
          "file-access",
          "message-search",
          "push-membership");

  private static final String PROCESSORS = "/api/admin/processors/";

  private final ApiClient api;
  private final String token;

  private LaunchedOperator(ApiClient api, String token) {
    this.api = api;
    this.token = token;
  }

  /** Registers the operator (once per data directory) and answers its user id. */
  static String register(int port) {
    ApiClient api = new ApiClient(port);
    TestUsers.register(api, USERNAME);
    ApiClient.Response login =
        api.post(
            "/api/auth/login", null, Map.of("login", USERNAME, "password", TestUsers.PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login.body().path("user").path("userId").asText();
  }

  /** Signs in on the management port; the app must name the operator's id as admin. */
  static LaunchedOperator signIn(int managementPort) {
    ApiClient api = new ApiClient(managementPort);
    return new LaunchedOperator(api, TestUsers.login(api, USERNAME));
  }

  /** Until every checked read model has caught up and its check finds no difference. */
  void awaitEveryReadModelConsistent(Duration timeout) {
    for (String processor : CHECKED_READ_MODELS) {
      awaitConsistent(processor, timeout);
    }
  }

  void awaitConsistent(String processor, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      JsonNode status = status(processor);
      if (status.path("caughtUp").asBoolean() && !status.path("replaying").asBoolean()) {
        ApiClient.Response verify = api.post(PROCESSORS + processor + "/verify", token, Map.of());
        last = verify.body();
        if (verify.status() == 200 && verify.body().path("differences").isEmpty()) {
          assertThat(verify.body().path("expectedDigest"))
              .isEqualTo(verify.body().path("actualDigest"));
          return;
        }
      }
      sleep(500);
    }
    throw new AssertionError(
        processor + " did not become consistent: " + last + " / " + status(processor));
  }

  JsonNode status(String processor) {
    return api.get(PROCESSORS + processor, token).body();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
