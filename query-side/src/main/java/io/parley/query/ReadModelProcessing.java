package io.parley.query;

import io.parley.query.consistency.ProjectionCommits;
import io.parley.support.axon.ProcessorTuning;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The conversation, inbox and timeline read models each run in their own processing group (so each
 * can be replayed alone) and take events in batches: one token update and one Postgres transaction
 * per batch instead of per event, which is what lets them keep up with a busy log. A batch is
 * whatever is available up to the size, so a quiet system still sees each event at once. Batch
 * size, threads and segments come from {@code parley.processors.<name>.*} (docs/adr/0060).
 */
@Configuration(proxyBeanMethods = false)
class ReadModelProcessing {
  static final int BATCH_SIZE = 100;

  @Autowired
  void configureBatches(
      EventProcessingConfigurer processing, Environment environment, ProjectionCommits commits) {
    ProcessorTuning.apply(processing, environment, "user-directory", 1);
    for (String group : new String[] {"conversation-directory", "inbox", "message-timeline"}) {
      ProcessorTuning.apply(processing, environment, group, BATCH_SIZE);
      // A failing handler must not skip its event (the default logs and moves on): the batch
      // is retried with back-off until it succeeds, and idempotent handlers make that safe.
      processing.registerListenerInvocationErrorHandler(
          group, config -> PropagatingErrorHandler.instance());
      // Reads held at the read barrier re-check as soon as a batch (and its position) committed.
      processing.registerHandlerInterceptor(
          group,
          config ->
              (unitOfWork, chain) -> {
                unitOfWork.afterCommit(committed -> commits.committed());
                return chain.proceed();
              });
    }
  }
}
