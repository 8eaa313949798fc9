package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.springboot.autoconfig.AxonTimeoutAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Two diagnostics that cost every request or handler call are off in the running app
 * (docs/adr/0203): Axon's handler and unit-of-work timeouts, each of which read the calling
 * thread's whole stack trace and scheduled a task, and Logback's metrics turbo filter, which ran
 * before the level check of every log call, enabled or not.
 */
@StandaloneTest
class HotPathDiagnosticsTest {
  @Autowired ApplicationContext context;

  @Test
  void noAxonHandlerOrUnitOfWorkTimeoutIsConfigured() {
    assertThat(context.getBeanNamesForType(AxonTimeoutAutoConfiguration.class)).isEmpty();
    assertThat(context.getBeanNamesForType(HandlerTimeoutHandlerEnhancerDefinition.class))
        .isEmpty();
  }

  @Test
  void noTurboFilterCountsLogCalls() {
    assertThat(context.getBeanNamesForType(LogbackMetrics.class)).isEmpty();
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(logging.getTurboFilterList())
        .noneMatch(filter -> filter.getClass().getName().startsWith("io.micrometer."));
  }
}
