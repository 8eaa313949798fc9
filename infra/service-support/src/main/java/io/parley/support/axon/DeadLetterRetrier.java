package io.parley.support.axon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Retries parked events now and then, so a passing failure (a store timeout) heals by itself while
 * an event that can never apply stays parked for an operator to see.
 */
public class DeadLetterRetrier implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterRetrier.class);

  private final EventProcessingConfiguration processing;
  private final Duration interval;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "dead-letter-retrier");
            thread.setDaemon(true);
            return thread;
          });

  public DeadLetterRetrier(EventProcessingConfiguration processing, Duration interval) {
    this.processing = processing;
    this.interval = interval;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    timer.scheduleWithFixedDelay(
        this::retryAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void retryAll() {
    for (String name : processing.eventProcessors().keySet()) {
      try {
        processing
            .sequencedDeadLetterProcessor(name)
            .ifPresent(
                letters -> {
                  long sequences =
                      processing.deadLetterQueue(name).map(q -> q.amountOfSequences()).orElse(0L);
                  for (long i = 0; i < sequences && letters.processAny(); i++) {
                    log.info("Retried a dead-lettered sequence of {}", name);
                  }
                });
      } catch (RuntimeException e) {
        log.warn("Retrying dead letters of {} failed: {}", name, e.getMessage());
      }
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
