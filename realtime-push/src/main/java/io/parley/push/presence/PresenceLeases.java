package io.parley.push.presence;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Renews this process's presence lease and reaps expired ones, from start until shutdown. */
@Component
class PresenceLeases implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PresenceLeases.class);

  private final PresenceTracker tracker;
  private final ScheduledExecutorService timers;
  private volatile boolean running;

  PresenceLeases(PresenceTracker tracker, ScheduledExecutorService gatewayTimers) {
    this.tracker = tracker;
    this.timers = gatewayTimers;
  }

  @Override
  public void start() {
    running = true;
    long every = Math.max(50, tracker.renewalInterval().toMillis());
    timers.scheduleWithFixedDelay(this::renew, 0, every, TimeUnit.MILLISECONDS);
  }

  private void renew() {
    if (!running) {
      return;
    }
    try {
      tracker.heartbeat();
    } catch (RuntimeException e) {
      log.warn("Presence lease renewal failed", e);
    }
  }

  @Override
  public void stop() {
    running = false;
    try {
      tracker.shutdown();
    } catch (RuntimeException e) {
      log.warn("Could not release the presence lease", e);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
