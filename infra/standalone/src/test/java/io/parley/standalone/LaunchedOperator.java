package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
    checkEachAtOnce(CHECKED_READ_MODELS, processor -> awaitConsistent(processor, timeout));
  }

  /**
   * Runs {@code check} for every processor at once and waits for all of them: each verify folds the
   * whole event log, and after a long run those folds took seconds one after the other (the cluster
   * test's checks: 10.4 s, 6.5 s at once on a busier machine). Each check still runs to its end;
   * the first failure is thrown with the others attached. (What remains is mostly a pooled
   * processor committing its position: with a batch it handled, else only every 5 s.)
   */
  static void checkEachAtOnce(List<String> processors, Consumer<String> check) {
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (String processor : processors) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  check.accept(processor);
                } catch (Throwable failure) {
                  failures.add(failure);
                }
              },
              "check-" + processor);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (!failures.isEmpty()) {
      AssertionError first = new AssertionError(failures.get(0).getMessage(), failures.get(0));
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
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
