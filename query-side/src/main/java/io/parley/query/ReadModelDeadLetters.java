package io.parley.query;

import io.parley.support.axon.DeadLetterQueues;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Every read model parks events it cannot apply instead of stopping: one poisoned event must not
 * freeze the directory, the inbox or the timeline for everyone (docs/adr/0007).
 */
@Configuration(proxyBeanMethods = false)
class ReadModelDeadLetters {
  @Autowired
  void register(EventProcessingConfigurer processing, DeadLetterQueues queues) {
    queues.register(processing, ReadModelProcessing.READ_MODELS);
  }
}
