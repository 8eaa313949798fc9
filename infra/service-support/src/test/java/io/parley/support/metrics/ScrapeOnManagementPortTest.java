package io.parley.support.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScrapeOnManagementPortTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/actuator/prometheus",
        "/actuator/prometheus/",
        "/ACTUATOR/Prometheus",
        "/actuator/metrics",
        "/actuator/metrics/jvm.memory.used"
      })
  void theMetricsEndpointsAreKeptToTheManagementPortInAnySpelling(String path) {
    assertThat(ScrapeOnManagementPort.isMetrics(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/actuator/health", "/actuator/info", "/api/me", "/", "/metrics"})
  void healthAndTheAppStayOnThePublicPort(String path) {
    assertThat(ScrapeOnManagementPort.isMetrics(path)).isFalse();
  }
}
