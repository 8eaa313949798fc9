package io.parley.command.admission;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Admission control of sends (docs/adr/0116), tuned by {@code parley.admission.*}: {@code
 * max-in-flight-sends} per instance (64), {@code max-delivery-lag} (500 ms; 0 turns the lag signal
 * off), {@code watched-processors} (push-delivery, message-timeline), {@code retry-after} (1 s).
 */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

  /** The lag signal reads the JDBC event store's table; with Axon Server only the limit applies. */
  @Bean
  @ConditionalOnProperty(
      name = "axon.axonserver.enabled",
      havingValue = "false",
      matchIfMissing = true)
  DeliveryLag deliveryLag(
      EventProcessingConfiguration processing,
      JdbcTemplate jdbc,
      Clock clock,
      @Value("${parley.admission.watched-processors:push-delivery,message-timeline}")
          String watched,
      @Value("${parley.admission.lag-sample-interval:50ms}") Duration interval) {
    List<String> names =
        Arrays.stream(watched.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new DeliveryLag(processing, jdbc, names, interval, clock);
  }

  @Bean
  SendAdmission sendAdmission(
      ObjectProvider<DeliveryLag> lag,
      @Value("${parley.admission.max-in-flight-sends:64}") int maxInFlight,
      @Value("${parley.admission.max-delivery-lag:500ms}") Duration maxLag,
      @Value("${parley.admission.retry-after:1s}") Duration retryAfter) {
    DeliveryLag signal = lag.getIfAvailable();
    return new SendAdmission(
        maxInFlight,
        signal == null ? () -> Duration.ZERO : signal,
        signal == null ? Duration.ZERO : maxLag,
        retryAfter);
  }
}
