package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Liveness and readiness (docs/adr/0126): liveness is the process alone; readiness adds the read
 * side (projections, parked events) as details that degrade it without taking it out of rotation,
 * and only a process that refuses traffic is not ready.
 */
@StandaloneTest
class HealthGroupsTest {
  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @Test
  void livenessIsUpAndSaysNothingMore() {
    ApiClient.Response live = new ApiClient(port).get("/actuator/health/liveness", null);

    assertThat(live.status()).isEqualTo(200);
    assertThat(live.body().path("status").asText()).isEqualTo("UP");
    assertThat(live.body().path("components").path("livenessState").isMissingNode()).isFalse();
    assertThat(live.body().path("components").has("db")).isFalse();
  }

  @Test
  void readinessListsTheReadSideAndAServingProcessIsReady() {
    ApiClient.Response ready = new ApiClient(port).get("/actuator/health/readiness", null);

    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    assertThat(ready.body().path("status").asText()).isIn("UP", "DEGRADED");
    JsonNode components = ready.body().path("components");
    assertThat(components.path("readinessState").path("status").asText()).isEqualTo("UP");
    assertThat(components.path("projections").path("status").asText()).isIn("UP", "DEGRADED");
    assertThat(components.path("projections").path("details").path("head").isNumber()).isTrue();
    assertThat(components.path("parkedEvents").path("status").asText()).isIn("UP", "DEGRADED");
  }

  @Test
  void aProcessRefusingTrafficIsNotReadyButStillLive() {
    ApiClient api = new ApiClient(port);
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    try {
      ApiClient.Response ready = api.get("/actuator/health/readiness", null);
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body().path("status").asText()).isEqualTo("OUT_OF_SERVICE");
      assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    } finally {
      AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }
    Awaiting.until(
        () -> api.get("/actuator/health/readiness", null).status() == 200 ? true : null,
        Duration.ofSeconds(5));
  }
}
