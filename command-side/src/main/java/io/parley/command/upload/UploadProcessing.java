package io.parley.command.upload;

import io.parley.support.axon.ProcessorTuning;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code upload-lifecycle} is a pooled streaming processor with a durable position, listed and
 * replayed by the operator tools like every other; a failing handler retries its batch rather than
 * skip an event (a skipped reference would let the clean-up delete an attached file).
 */
@Configuration(proxyBeanMethods = false)
class UploadProcessing {
  @Autowired
  void configureLifecycle(EventProcessingConfigurer processing, Environment environment) {
    // Pooled: it handles a message only when it has attachments, and stores no position for the
    // batches it has nothing to do for (docs/adr/0225).
    ProcessorTuning.apply(
        processing,
        environment,
        UploadLifecycle.GROUP,
        50,
        "pooled",
        ProcessorTuning.CONDITIONAL_SKIPPED_POSITION_INTERVAL);
    processing.registerListenerInvocationErrorHandler(
        UploadLifecycle.GROUP, config -> PropagatingErrorHandler.instance());
  }
}
