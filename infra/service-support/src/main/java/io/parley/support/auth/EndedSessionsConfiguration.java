package io.parley.support.auth;

import java.time.Instant;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feeds {@link EndedSessions} in every service. Its position is kept in memory only: each start
 * reads back one access-token lifetime of the log, which is all that can still matter.
 */
@Configuration(proxyBeanMethods = false)
public class EndedSessionsConfiguration {
  @Bean
  public EndedSessions endedSessions() {
    return new EndedSessions();
  }

  @Autowired
  void configureEndedSessions(EventProcessingConfigurer processing) {
    processing.registerTokenStore(EndedSessions.GROUP, config -> new InMemoryTokenStore());
    processing.registerTrackingEventProcessorConfiguration(
        EndedSessions.GROUP,
        config ->
            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                .andInitialTrackingToken(
                    source ->
                        source.createTokenAt(
                            Instant.now().minus(AccessTokens.LIFETIME).minusSeconds(60))));
  }
}
