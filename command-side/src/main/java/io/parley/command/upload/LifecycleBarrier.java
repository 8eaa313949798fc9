package io.parley.command.upload;

import io.parley.support.metrics.ProcessorLag;
import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Waits, bounded, until {@code upload-lifecycle} has handled every event in the log when asked: a
 * cancel must see the reference of a send that went through a moment ago, or it would delete the
 * bytes of a file just attached. Where this instance holds none of the processor's segments
 * (another command-side instance runs it) it does not wait.
 */
@Component
class LifecycleBarrier {
  /** The processor did not reach the head in time: answered 503 with Retry-After. */
  static final class Lagging extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Lagging() {
      super("File references are being updated; try again in a moment.", null, false, false);
    }
  }

  private final EventProcessingConfiguration processing;
  private final ProcessorLag lag;
  private final Duration maxWait;

  LifecycleBarrier(
      EventProcessingConfiguration processing,
      ProcessorLag lag,
      @Value("${parley.files.cancel-max-wait:5s}") Duration maxWait) {
    this.processing = processing;
    this.lag = lag;
    this.maxWait = maxWait;
  }

  void await() {
    EventProcessor processor = processing.eventProcessor(UploadLifecycle.GROUP).orElse(null);
    if (!(processor instanceof StreamingEventProcessor streaming)) {
      return;
    }
    long head = lag.head();
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      Long position = position(streaming);
      if (position == null || position >= head) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new Lagging();
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Lagging();
      }
    }
  }

  private static Long position(StreamingEventProcessor processor) {
    Long lowest = null;
    for (EventTrackerStatus segment : processor.processingStatus().values()) {
      var current = segment.getCurrentPosition();
      if (current.isPresent()) {
        lowest = lowest == null ? current.getAsLong() : Math.min(lowest, current.getAsLong());
      }
    }
    return lowest;
  }
}
