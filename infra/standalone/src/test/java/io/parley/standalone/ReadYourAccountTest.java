package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  @Test
  void meRightAfterRegisteringWaitsForTheDirectoryInsteadOfAnswering404() throws Exception {
    ApiClient api = new ApiClient(port);
    StreamingEventProcessor directory =
        processing.eventProcessor("user-directory", StreamingEventProcessor.class).orElseThrow();
    String name = "me" + UUID.randomUUID().toString().substring(0, 8);
    directory.shutDown();
    try {
      TestUsers.register(api, name);
      String token = TestUsers.login(api, name);

      CompletableFuture<ApiClient.Response> me =
          CompletableFuture.supplyAsync(() -> api.get("/api/me", token));
      Thread.sleep(500);
      assertThat(me).as("held while the directory lags, not answered").isNotDone();

      directory.start();
      ApiClient.Response answer = me.get(30, TimeUnit.SECONDS);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body().path("user").path("username").asText()).isEqualTo(name);
    } finally {
      if (!directory.isRunning()) {
        directory.start();
      }
    }
  }

  @Test
  void aProfileRightAfterRegisteringWaitsForTheDirectoryInsteadOfAnswering404() throws Exception {
    ApiClient api = new ApiClient(port);
    StreamingEventProcessor directory =
        processing.eventProcessor("user-directory", StreamingEventProcessor.class).orElseThrow();
    String reader = "rd" + UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, reader);
    String token = TestUsers.login(api, reader);
    String name = "pr" + UUID.randomUUID().toString().substring(0, 8);
    directory.shutDown();
    try {
      String userId = TestUsers.register(api, name).body().path("user").path("userId").asText();

      CompletableFuture<ApiClient.Response> profile =
          CompletableFuture.supplyAsync(() -> api.get("/api/users/" + userId, token));
      Thread.sleep(500);
      assertThat(profile).as("held while the directory lags, not answered").isNotDone();

      directory.start();
      ApiClient.Response answer = profile.get(30, TimeUnit.SECONDS);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body().path("user").path("username").asText()).isEqualTo(name);
      assertThat(api.get("/api/users/" + UUID.randomUUID(), token).status()).isEqualTo(404);
    } finally {
      if (!directory.isRunning()) {
        directory.start();
      }
    }
  }
}
