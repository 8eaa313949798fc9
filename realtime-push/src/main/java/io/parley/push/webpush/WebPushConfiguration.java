package io.parley.push.webpush;

import io.parley.support.axon.ProcessorTuning;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class WebPushConfiguration {
  /**
   * The notifier, like live delivery, starts at the head of the log on every start and keeps no
   * durable position: a restart or a replay never notifies old messages. Its writes are single
   * idempotent statements, so it runs without a transaction.
   */
  @Autowired
  void configureNotifier(EventProcessingConfigurer processing, Environment environment) {
    processing.registerTokenStore(WebPushNotifier.GROUP, config -> new InMemoryTokenStore());
    processing.registerTransactionManager(
        WebPushNotifier.GROUP, config -> NoTransactionManager.INSTANCE);
    processing.registerTrackingEventProcessorConfiguration(
        WebPushNotifier.GROUP,
        config ->
            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                // up to 100 events a batch: their messages' subscriptions are read in one query
                // (docs/adr/0219)
                .andBatchSize(100)
                .andInitialTrackingToken(StreamableMessageSource::createHeadToken)
                .andThreadFactory(ProcessorTuning.backgroundThreads(environment)));
    // Membership and level changes only: pooled, so a batch of messages writes no position.
    ProcessorTuning.apply(processing, environment, WebPushSettingsCatchUp.GROUP, 100, "pooled");
  }
}
