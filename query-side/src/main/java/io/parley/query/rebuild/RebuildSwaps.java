package io.parley.query.rebuild;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches for rebuilt read models whose replay is over and swaps them in. A watcher rather than a
 * handler, because a quiet system may bring no further event to trigger the swap.
 */
public class RebuildSwaps implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RebuildSwaps.class);

  private final ReadModelRebuilds rebuilds;
  private final long intervalMillis;
  private ScheduledExecutorService executor;

  public RebuildSwaps(ReadModelRebuilds rebuilds, long intervalMillis) {
    this.rebuilds = rebuilds;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "read-model-rebuild-swaps");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::swapQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void swapQuietly() {
    try {
      rebuilds.swapFinished();
    } catch (RuntimeException e) {
      log.warn("Swapping a rebuilt read model failed; trying again", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
