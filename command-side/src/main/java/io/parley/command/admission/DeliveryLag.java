package io.parley.command.admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far delivery runs behind the log, against each watched processor's own budget: per processor
 * the age of the oldest event it has yet to handle (zero at the head), and {@link #get()} the
 * largest amount by which one exceeds its budget (zero while every one is within it). Budgets
 * differ because the work does: live push hands an event to sockets within milliseconds, while the
 * timeline projection writes in batches and lags a few hundred milliseconds in normal operation (a
 * budget of 500 ms for it refused 1 send in 10 on an idle machine); its budget is the history read
 * barrier's wait (docs/adr/0110), past which reads would fail anyway. A watched processor in this
 * JVM is read from its in-memory status (its live position, segments still catching up or replaying
 * or in error are left out: a rebuild is not overload). A processor in another process gives no
 * signal (see docs/adr/0116). Sampled every {@code interval} so a send only reads a field.
 */
public final class DeliveryLag implements Supplier<Duration>, SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(DeliveryLag.class);

  private final EventProcessingConfiguration processing;
  private final JdbcTemplate jdbc;
  private final List<Watched> watched;
  private final Duration interval;
  private final Clock clock;
  private volatile Duration current = Duration.ZERO;
  private volatile ScheduledExecutorService sampler;
  private boolean warned;

  public DeliveryLag(
      EventProcessingConfiguration processing,
      JdbcTemplate jdbc,
      List<Watched> watched,
      Duration interval,
      Clock clock) {
    this.processing = processing;
    this.jdbc = jdbc;
    this.watched = watched;
    this.interval = interval;
    this.clock = clock;
  }

  /** A processor whose lag is watched, and how far behind it may run before sends are refused. */
  public record Watched(String processor, Duration budget) {}

  /** How far the most overdue watched processor runs past its budget (zero: none is). */
  @Override
  public Duration get() {
    return current;
  }

  /** Measures now (the sampler calls this; tests may too); answers what {@link #get()} will. */
  public Duration sample() {
    Duration worst = Duration.ZERO;
    for (Watched processor : watched) {
      long lowest = lowestPosition(processor.processor());
      if (lowest != Long.MAX_VALUE) {
        Duration over = ageOfEventAfter(lowest).minus(processor.budget());
        if (over.compareTo(worst) > 0) {
          worst = over;
        }
      }
    }
    current = worst;
    return worst;
  }

  private long lowestPosition(String name) {
    long lowest = Long.MAX_VALUE;
    var local = processing.eventProcessor(name, StreamingEventProcessor.class);
    if (local.isPresent()) {
      for (EventTrackerStatus status : local.get().processingStatus().values()) {
        if (status.isCaughtUp() && !status.isReplaying() && !status.isErrorState()) {
          OptionalLong position = status.getCurrentPosition();
          if (position.isPresent()) {
            lowest = Math.min(lowest, position.getAsLong());
          }
        }
      }
      return lowest;
    }
    // Not in this JVM: the token store is no signal. A segment with nothing to handle stores its
    // position only now and then, so an idle split deployment looked seconds behind and refused
    // sends (SeparateProcessesIT). Across processes only the in-flight limit applies.
    return lowest;
  }

  private Duration ageOfEventAfter(long position) {
    List<String> next =
        jdbc.queryForList(
            "SELECT timestamp FROM domainevententry WHERE globalindex > ?"
                + " ORDER BY globalindex LIMIT 1",
            String.class,
            position);
    if (next.isEmpty()) {
      return Duration.ZERO;
    }
    Duration age = Duration.between(Instant.parse(next.get(0)), clock.instant());
    return age.isNegative() ? Duration.ZERO : age;
  }

  private void sampleQuietly() {
    try {
      sample();
      warned = false;
    } catch (RuntimeException e) {
      current = Duration.ZERO; // no signal is no reason to refuse
      if (!warned) {
        log.warn("Cannot measure delivery lag; admitting sends meanwhile: {}", e.toString());
        warned = true;
      }
    }
  }

  @Override
  public synchronized void start() {
    if (sampler != null) {
      return;
    }
    sampler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "parley-delivery-lag");
              thread.setDaemon(true);
              return thread;
            });
    sampler.scheduleWithFixedDelay(
        this::sampleQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (sampler != null) {
      sampler.shutdownNow();
      sampler = null;
    }
    current = Duration.ZERO;
  }

  @Override
  public synchronized boolean isRunning() {
    return sampler != null;
  }
}
