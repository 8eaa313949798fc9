package io.parley.command.conversation;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command side's lookup tables (memberships, message facts, reactions) are kept by one
 * subscribing processor: its handlers run in the unit of work that appends the event, in the same
 * transaction, and a failing handler rolls the whole command back (the set-based validation
 * pattern). They are never replayed: the tables are part of the write model. The processor is given
 * only the events its handlers take ({@link HandledTypesOnly}).
 */
@Configuration(proxyBeanMethods = false)
public class CommandLookups {
  public static final String GROUP = "command-lookups";

  @Bean
  ConfigurerModule commandLookupProcessing() {
    return configurer ->
        configurer
            .eventProcessing()
            .registerSubscribingEventProcessor(
                GROUP,
                config ->
                    new HandledTypesOnly(
                        config.eventBus(),
                        () ->
                            config
                                .eventProcessingConfiguration()
                                .eventProcessor(GROUP, AbstractEventProcessor.class)
                                .orElseThrow()
                                .eventHandlerInvoker()))
            .registerListenerInvocationErrorHandler(GROUP, c -> PropagatingErrorHandler.instance())
            .registerErrorHandler(GROUP, c -> PropagatingErrorHandler.instance());
  }
}
