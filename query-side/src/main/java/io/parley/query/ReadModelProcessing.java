package io.parley.query;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The conversation, inbox and timeline read models each run in their own processing group (so each
 * can be replayed alone) and take events in batches: one token update and one Postgres transaction
 * per batch instead of per event, which is what lets them keep up with a busy log. A batch is
 * whatever is available up to the size, so a quiet system still sees each event at once.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelProcessing {
  static final int BATCH_SIZE = 100;

  @Autowired
  void configureBatches(EventProcessingConfigurer processing) {
    for (String group : new String[] {"conversation-directory", "inbox", "message-timeline"}) {
      processing.registerTrackingEventProcessorConfiguration(
          group,
          config ->
              TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                  .andBatchSize(BATCH_SIZE));
      // A failing handler must not skip its event (the default logs and moves on): the batch
      // is retried with back-off until it succeeds, and idempotent handlers make that safe.
      processing.registerListenerInvocationErrorHandler(
          group, config -> PropagatingErrorHandler.instance());
    }
  }
}
