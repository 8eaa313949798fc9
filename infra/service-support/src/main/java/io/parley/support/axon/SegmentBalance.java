package io.parley.support.axon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spreads the segments of each durable streaming processor over the instances running it
 * (docs/adr/0173). Axon lets an instance claim every unclaimed segment, so the first one to start
 * holds them all. Every {@code interval} each instance renews its row in {@code processor_member}
 * per processor, counts the live members, and releases the segments it holds beyond its fair share
 * (total segments / live members, rounded up) for two intervals, long enough for another member to
 * claim them. A member that stops or dies stops counting; its segments are released on shutdown
 * (Axon) or when their claims time out, and the others take them as their share grows.
 *
 * <p>Per-instance processors (an in-memory token store: live delivery, privacy guards) are left
 * alone: each instance must see all of their events.
 */
public final class SegmentBalance implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SegmentBalance.class);

  private final EventProcessingConfiguration processing;
  private final JdbcTemplate jdbc;
  private final String member;
  private final Duration interval;
  private final Duration memberTimeout;
  private ScheduledExecutorService ticks;

  public SegmentBalance(
      EventProcessingConfiguration processing,
      JdbcTemplate jdbc,
      String member,
      Duration interval,
      Duration memberTimeout) {
    this.processing = processing;
    this.jdbc = jdbc;
    this.member = member;
    this.interval = interval;
    this.memberTimeout = memberTimeout;
  }

  /** One round: renew membership, then release what is above the fair share. */
  public synchronized void balance() {
    for (Map.Entry<String, StreamingEventProcessor> entry : durableProcessors().entrySet()) {
      String name = entry.getKey();
      StreamingEventProcessor processor = entry.getValue();
      if (!processor.isRunning()) {
        continue;
      }
      jdbc.update(
          "INSERT INTO processor_member (processor, member, seen_at) VALUES (?, ?, now())"
              + " ON CONFLICT (processor, member) DO UPDATE SET seen_at = now()",
          name,
          member);
      Integer live =
          jdbc.queryForObject(
              "SELECT count(*) FROM processor_member WHERE processor = ? AND seen_at > now() -"
                  + " make_interval(secs => ?)",
              Integer.class,
              name,
              memberTimeout.toMillis() / 1000.0);
      int total = processing.tokenStore(name).fetchSegments(name).length;
      if (live == null || live < 2 || total < 2) {
        continue;
      }
      int fair = (total + live - 1) / live;
      List<Integer> held = new ArrayList<>(processor.processingStatus().keySet());
      held.sort(null);
      for (int i = fair; i < held.size(); i++) {
        int segment = held.get(i);
        log.info(
            "Releasing segment {} of {} ({} held, fair share {} of {} among {} instances)",
            segment,
            name,
            held.size(),
            fair,
            total,
            live);
        processor.releaseSegment(segment, interval.toMillis() * 2, TimeUnit.MILLISECONDS);
      }
    }
  }

  private Map<String, StreamingEventProcessor> durableProcessors() {
    Map<String, StreamingEventProcessor> durable = new java.util.TreeMap<>();
    for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
      if (entry.getValue() instanceof StreamingEventProcessor streaming) {
        TokenStore store = processing.tokenStore(entry.getKey());
        if (!(store instanceof InMemoryTokenStore)) {
          durable.put(entry.getKey(), streaming);
        }
      }
    }
    return durable;
  }

  private void balanceQuietly() {
    try {
      balance();
    } catch (RuntimeException e) {
      log.warn("Segment balancing skipped a round: {}", e.toString());
    }
  }

  @Override
  public synchronized void start() {
    ticks =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "segment-balance");
              thread.setDaemon(true);
              return thread;
            });
    ticks.scheduleWithFixedDelay(
        this::balanceQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Leaves every processor's membership first, so the others' shares grow at once. */
  @Override
  public synchronized void stop() {
    if (ticks != null) {
      ticks.shutdownNow();
      ticks = null;
    }
    try {
      jdbc.update("DELETE FROM processor_member WHERE member = ?", member);
    } catch (RuntimeException e) {
      log.warn("Could not leave the processor membership: {}", e.toString());
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return ticks != null;
  }

  /** Started after, and stopped before, Axon's processors (which stop and release their claims). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 10;
  }
}
