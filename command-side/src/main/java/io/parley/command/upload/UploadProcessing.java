package io.parley.command.upload;

import io.parley.support.axon.ProcessorTuning;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code upload-lifecycle} is a tracking processor with a durable position, listed and replayed by
 * the operator tools like every other; a failing handler retries its batch rather than skip an
 * event (a skipped reference would let the clean-up delete an attached file).
 */
@Configuration(proxyBeanMethods = false)
class UploadProcessing {
  @Autowired
  void configureLifecycle(EventProcessingConfigurer processing, Environment environment) {
    processing.registerTrackingEventProcessorConfiguration(
        UploadLifecycle.GROUP,
        config ->
            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                .andBatchSize(50)
                .andThreadFactory(ProcessorTuning.backgroundThreads(environment)));
    processing.registerListenerInvocationErrorHandler(
        UploadLifecycle.GROUP, config -> PropagatingErrorHandler.instance());
  }
}
