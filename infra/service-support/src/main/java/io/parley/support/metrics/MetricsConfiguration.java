package io.parley.support.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.support.admin.ManagementPort;
import io.parley.support.web.ProblemWriter;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Parley's metrics every service shares (docs/metrics.md, docs/adr/0120): processor lag, sheds, and
 * the scrape endpoint kept to the management port.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {
  @Bean
  public ProcessorLag processorLag(EventStore eventStore, JdbcTemplate jdbc, Clock clock) {
    return new ProcessorLag(eventStore, jdbc, clock);
  }

  @Bean
  public ProcessorLagMeters processorLagMeters(
      EventProcessingConfiguration processing,
      ProcessorLag lag,
      ObjectProvider<MeterRegistry> meters,
      Clock clock) {
    return new ProcessorLagMeters(processing, lag, meters, clock, Duration.ofSeconds(1));
  }

  /**
   * Axon's meters, recorded by {@link AxonMeters} instead of {@code axon-micrometer}'s monitors
   * (those are off: {@code axon.metrics.auto-configuration.enabled=false}, docs/adr/0202).
   */
  @Bean
  public ConfigurerModule axonMeters(ObjectProvider<MeterRegistry> meters) {
    return configurer ->
        meters.ifAvailable(
            registry -> {
              AxonMeters axonMeters = new AxonMeters(registry);
              configurer.configureMessageMonitor(
                  configuration ->
                      (componentType, name) -> axonMeters.monitor(componentType, name));
            });
  }

  @Bean
  public Shedding shedding(ObjectProvider<MeterRegistry> meters) {
    return new Shedding(meters);
  }

  @Bean
  public FilterRegistrationBean<ScrapeOnManagementPort> scrapeOnManagementPort(
      ManagementPort managementPort, ProblemWriter problems) {
    FilterRegistrationBean<ScrapeOnManagementPort> registration =
        new FilterRegistrationBean<>(new ScrapeOnManagementPort(managementPort, problems));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 26);
    return registration;
  }
}
