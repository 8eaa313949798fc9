package io.parley.standalone;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Test-only: finished spans of the running app, kept in memory while a test records (and dropped
 * otherwise, so the other tests sharing the app pile nothing up). Registered for every standalone
 * test context, so tracing tests share the one running app.
 */
@AutoConfiguration
public class RecordedSpans {
  private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static volatile boolean recording;

  static void start() {
    SPANS.reset();
    recording = true;
  }

  static List<SpanData> stop() {
    recording = false;
    List<SpanData> spans = SPANS.getFinishedSpanItems();
    SPANS.reset();
    return spans;
  }

  static List<SpanData> sofar() {
    return SPANS.getFinishedSpanItems();
  }

  @Bean
  SpanProcessor recordedSpansProcessor() {
    return SimpleSpanProcessor.create(
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            return recording ? SPANS.export(spans) : CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        });
  }
}
