package io.parley.command.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Commands of one aggregate through several command-side processes: the gateway repeats a command
 * that lost a race (ADR 0181); with {@code parley.command.aggregate-locks} (on in the command-side
 * service, off in the standalone app, which is one process) the processes do not race at all (ADR
 * 0208).
 */
@Configuration(proxyBeanMethods = false)
class ClusterCommandConfiguration {
  @Bean
  CommandGateway commandGateway(CommandBus commandBus, ObjectProvider<MeterRegistry> meters) {
    ConflictRetryingCommandGateway gateway = new ConflictRetryingCommandGateway(commandBus);
    meters.ifAvailable(
        registry ->
            FunctionCounter.builder(
                    "parley.command.conflict.repeats",
                    gateway,
                    ConflictRetryingCommandGateway::repeats)
                .description("Commands dispatched again after another process appended first")
                .register(registry));
    return gateway;
  }

  /** Only on the JDBC event store: Axon Server routes an aggregate's commands to one process. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "axon.axonserver.enabled",
      havingValue = "false",
      matchIfMissing = true)
  static class Locks {
    @Bean
    @ConditionalOnProperty(name = "parley.command.aggregate-locks", havingValue = "true")
    ConfigurerModule aggregateLocks(
        JdbcTemplate jdbc, @Qualifier("conversationCache") Cache conversations) {
      AggregateLocks locks = new AggregateLocks(jdbc, conversations);
      return configurer ->
          configurer.onInitialize(
              config ->
                  config.onStart(
                      Phase.EXTERNAL_CONNECTIONS,
                      () -> config.commandBus().registerHandlerInterceptor(locks)));
    }
  }
}
