package io.parley.command.cluster;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The command gateway that repeats a command which lost a race to another process (ADR 0181). */
@Configuration(proxyBeanMethods = false)
class ClusterCommandConfiguration {
  @Bean
  CommandGateway commandGateway(CommandBus commandBus) {
    return new ConflictRetryingCommandGateway(commandBus);
  }
}
