package io.parley.push.routing;

import io.parley.support.axon.ProcessorTuning;
import io.parley.support.axon.WakeableEventStore;
import io.parley.support.db.ModuleMigration;
import javax.sql.DataSource;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class PushProcessingConfiguration {
  @Bean
  ModuleMigration pushMigration(DataSource dataSource) {
    return new ModuleMigration(dataSource, "push", "classpath:db/push");
  }

  /**
   * The membership tables are rebuilt with the read models: tuned like them (docs/adr/0060). The
   * catch-up consumer only fills tables that live delivery writes ahead of it, so nobody waits for
   * it: batches of up to 100 events, under load at most one every 100 ms, keep its transactions and
   * position writes few (docs/adr/0226).
   */
  @Autowired
  void configureMembership(EventProcessingConfigurer processing, Environment environment) {
    ProcessorTuning.applyPaced(
        processing,
        environment,
        MembershipCatchUp.GROUP,
        100,
        ProcessorTuning.PACED_BATCH_INTERVAL);
  }

  /**
   * Live delivery keeps no durable position: it starts at the head of the log on every start. Nor
   * does it run in a database transaction: its position is in memory, its few writes (the push
   * directory's rows) are single idempotent upserts guarded by version, and a message push writes
   * nothing. A transaction per event made every push wait for a pooled connection first, which
   * under load was the serial bottleneck of delivery (docs/perf/load-scenarios.md).
   */
  @Autowired
  void configureLiveDelivery(EventProcessingConfigurer processing, LiveCut cut) {
    // Lets a handover or a resume take a consistent cut of delivery (docs/adr/0175).
    processing.registerHandlerInterceptor(LiveDelivery.GROUP, config -> cut.interceptor());
    processing.registerTokenStore(LiveDelivery.GROUP, config -> new InMemoryTokenStore());
    processing.registerTransactionManager(
        LiveDelivery.GROUP, config -> NoTransactionManager.INSTANCE);
    // A send committed in this process is taken from memory the moment it commits (docs/adr/0236).
    processing.registerTrackingEventProcessor(
        LiveDelivery.GROUP,
        config ->
            config.eventStore() instanceof WakeableEventStore store
                ? store.takingCommits()
                : config.eventStore(),
        config ->
            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
  }
}
