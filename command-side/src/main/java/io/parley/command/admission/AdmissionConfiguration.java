package io.parley.command.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.support.metrics.Shedding;
import io.parley.support.web.ProblemWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Admission control of sends (docs/adr/0116, 0201), tuned by {@code parley.admission.*}: {@code
 * max-in-flight-sends} per instance (0: 12 per processor), {@code watched-processors} with their
 * lag budgets ({@code push-delivery:500ms,message-timeline:2s}; an entry without one takes {@code
 * max-delivery-lag}, 500 ms; a {@code max-delivery-lag} of 0 turns the lag signal off), {@code
 * retry-after} (1 s), {@code max-queue-wait} (1 s; 0 turns it off) for a send still waiting for a
 * worker thread.
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
      @Value("${parley.admission.watched-processors:push-delivery:500ms,message-timeline:2s}")
          String watched,
      @Value("${parley.admission.max-delivery-lag:500ms}") Duration defaultBudget,
      @Value("${parley.admission.lag-sample-interval:50ms}") Duration interval) {
    return new DeliveryLag(processing, jdbc, watched(watched, defaultBudget), interval, clock);
  }

  /** {@code name[:budget],...}; a budget is a Spring duration ({@code 500ms}, {@code 2s}). */
  static List<DeliveryLag.Watched> watched(String spec, Duration defaultBudget) {
    return Arrays.stream(spec.split(","))
        .map(String::trim)
        .filter(entry -> !entry.isEmpty())
        .map(
            entry -> {
              int colon = entry.indexOf(':');
              return colon < 0
                  ? new DeliveryLag.Watched(entry, defaultBudget)
                  : new DeliveryLag.Watched(
                      entry.substring(0, colon).trim(),
                      DurationStyle.detectAndParse(entry.substring(colon + 1).trim()));
            })
        .toList();
  }

  /**
   * Before the token check and every other filter but the security headers: a late send, or one the
   * limit would refuse now, costs no more than its refusal (docs/adr/0212, 0220).
   */
  @Bean
  FilterRegistrationBean<SendRefusalFilter> sendRefusalFilter(
      ProblemWriter problems,
      Shedding shedding,
      MeterRegistry meters,
      SendAdmission admission,
      @Value("${parley.admission.max-queue-wait:1s}") Duration maxWait,
      @Value("${parley.admission.retry-after:1s}") Duration retryAfter) {
    FilterRegistrationBean<SendRefusalFilter> registration =
        new FilterRegistrationBean<>(
            new SendRefusalFilter(maxWait, retryAfter, admission, problems, shedding, meters));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
    return registration;
  }

  @Bean
  SendAdmission sendAdmission(
      ObjectProvider<DeliveryLag> lag,
      @Value("${parley.admission.max-in-flight-sends:0}") int maxInFlight,
      @Value("${parley.admission.max-delivery-lag:500ms}") Duration maxLag,
      @Value("${parley.admission.retry-after:1s}") Duration retryAfter) {
    DeliveryLag signal = lag.getIfAvailable();
    boolean lagSignal = signal != null && !maxLag.isZero();
    int limit =
        maxInFlight > 0
            ? maxInFlight
            : SendAdmission.defaultMaxInFlight(Runtime.getRuntime().availableProcessors());
    return new SendAdmission(limit, lagSignal ? signal : () -> Duration.ZERO, retryAfter);
  }
}
