package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A client that has just registered and logged in reads itself back: {@code GET /api/me} and {@code
 * GET /api/users/{id}} wait for the user directory (bounded, ADR 0110) instead of answering 404
 * while it lags the log.
 */
@StandaloneTest
class ReadYourAccountTest {
  @LocalServerPort int port;
  @Autowired EventProcessingConfiguration processing;

  /**
   * Stops the user directory, runs {@code write} (a registration), then {@code read}: the read must
   * be held while the directory lags and answer 200 once it runs again. Returns that answer.
   */
  private ApiClient.Response heldUntilTheDirectoryCatchesUp(
      Runnable write, Supplier<ApiClient.Response> read) throws Exception {
    StreamingEventProcessor directory =
        processing.eventProcessor("user-directory", StreamingEventProcessor.class).orElseThrow();
    directory.shutDown();
    try {
      write.run();
      CompletableFuture<ApiClient.Response> answer = CompletableFuture.supplyAsync(read);
      Thread.sleep(500);
      assertThat(answer).as("held while the directory lags, not answered").isNotDone();

      directory.start();
      ApiClient.Response response = answer.get(30, TimeUnit.SECONDS);
      assertThat(response.status()).isEqualTo(200);
      return response;
    } finally {
      if (!directory.isRunning()) {
        directory.start();
      }
    }
  }

  @Test
  void meRightAfterRegisteringWaitsForTheDirectoryInsteadOfAnswering404() throws Exception {
    ApiClient api = new ApiClient(port);
    String name = "me" + UUID.randomUUID().toString().substring(0, 8);
    AtomicReference<String> token = new AtomicReference<>();

    ApiClient.Response me =
        heldUntilTheDirectoryCatchesUp(
            () -> {
              TestUsers.register(api, name);
              token.set(TestUsers.login(api, name));
            },
            () -> api.get("/api/me", token.get()));

    assertThat(me.body().path("user").path("username").asText()).isEqualTo(name);
  }

  @Test
  void aProfileRightAfterRegisteringWaitsForTheDirectoryInsteadOfAnswering404() throws Exception {
    ApiClient api = new ApiClient(port);
    String reader = "rd" + UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, reader);
    String token = TestUsers.login(api, reader);
    String name = "pr" + UUID.randomUUID().toString().substring(0, 8);
    AtomicReference<String> userId = new AtomicReference<>();

    ApiClient.Response profile =
        heldUntilTheDirectoryCatchesUp(
            () ->
                userId.set(
                    TestUsers.register(api, name).body().path("user").path("userId").asText()),
            () -> api.get("/api/users/" + userId.get(), token));

    assertThat(profile.body().path("user").path("username").asText()).isEqualTo(name);
    assertThat(api.get("/api/users/" + UUID.randomUUID(), token).status()).isEqualTo(404);
  }
}
