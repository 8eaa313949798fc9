package io.parley.support.health;

import io.parley.support.admin.ReadModelRebuildStatus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The readiness group's view of the read side (docs/adr/0126); the groups themselves are declared
 * in {@code parley-defaults.properties}.
 */
@AutoConfiguration(after = AxonAutoConfiguration.class)
public class HealthConfiguration {

  @Bean
  ProjectionsHealth projectionsHealthIndicator(
      EventProcessingConfiguration processing,
      EventStore eventStore,
      ObjectProvider<ReadModelRebuildStatus> rebuilds,
      @Value("${parley.health.max-lag-events:10000}") long maxLagEvents) {
    return new ProjectionsHealth(processing, eventStore, rebuilds, maxLagEvents);
  }
}
