package io.parley.support.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.time.Clock;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * One trace from a REST send to the socket (docs/adr/0125). Boot's Micrometer Tracing
 * (OpenTelemetry bridge) traces HTTP requests; this carries the trace through Axon: commands and
 * events are stamped with the W3C trace context when dispatched, and every command handler and
 * event processor continues it in a span of its own. Spans leave the process only when an OTLP
 * endpoint is configured ({@code management.otlp.tracing.endpoint}); the exporter batches on its
 * own thread.
 */
@AutoConfiguration(
    after = MicrometerTracingAutoConfiguration.class,
    afterName =
        "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
    before = AxonAutoConfiguration.class)
@ConditionalOnBean(Tracer.class)
public class TracingConfiguration {

  /**
   * W3C {@code traceparent} in metadata whatever {@code management.tracing.propagation} says for
   * HTTP headers: Boot's propagator bean wrote nothing into a metadata map here, and every process
   * reading the log must understand what the writer put there.
   */
  @Bean
  TraceMetadata traceMetadata(Tracer tracer, OpenTelemetry openTelemetry) {
    Propagator w3c =
        new OtelPropagator(
            ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
            openTelemetry.getTracer("io.parley"));
    return new TraceMetadata(tracer, w3c, Clock.systemUTC());
  }

  @Bean
  @ConditionalOnMissingBean
  Handoffs handoffs(Tracer tracer) {
    return new Handoffs(tracer);
  }

  @Bean
  CorrelationDataProvider traceCorrelation(TraceMetadata traces) {
    return new TraceCorrelation(traces);
  }

  /** Axon's default, which it leaves out as soon as any correlation provider is declared. */
  @Bean
  CorrelationDataProvider tracingMessageOriginProvider() {
    return new MessageOriginProvider();
  }

  /** Every event processor, whichever module declares it, continues the trace of its events. */
  @Autowired
  void traceEventProcessors(
      EventProcessingConfigurer processing, ObjectProvider<TraceMetadata> traces) {
    processing.registerDefaultHandlerInterceptor(
        (config, processor) -> new EventHandlingSpans(processor, traces.getObject()));
  }

  @Bean
  ConfigurerModule tracingThroughAxon(TraceMetadata traces) {
    return configurer -> {
      configurer.onInitialize(
          config ->
              config.onStart(
                  Phase.EXTERNAL_CONNECTIONS,
                  () -> {
                    config
                        .commandBus()
                        .registerDispatchInterceptor(new TraceStamp<CommandMessage<?>>(traces));
                    config.commandBus().registerHandlerInterceptor(new CommandSpans(traces));
                    config
                        .eventBus()
                        .registerDispatchInterceptor(new TraceStamp<EventMessage<?>>(traces));
                  }));
    };
  }
}
