package io.parley.support.axon;

import io.parley.support.Niceness;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Batch size, threads and segments of one streaming processor, read from {@code
 * parley.processors.<name>.*} so an operator tunes a rebuild without a code change (docs/adr/0060).
 * {@code mode=pooled} runs the group as a pooled streaming processor: one reader of the log feeding
 * a pool of workers, instead of one reader per thread.
 */
public final class ProcessorTuning {
  private static final Logger log = LoggerFactory.getLogger(ProcessorTuning.class);

  /** The default of {@code parley.processors.nice}. */
  public static final int DEFAULT_NICE = 5;

  /** Axon's default: how long a pooled processor that only skips events goes without storing. */
  public static final Duration SKIPPED_POSITION_INTERVAL = Duration.ofSeconds(5);

  /**
   * For a processor whose handlers skip most events by a condition (docs/adr/0225): a read in
   * another process that waits for it sees it pass them within this.
   */
  public static final Duration CONDITIONAL_SKIPPED_POSITION_INTERVAL = Duration.ofMillis(250);

  /**
   * For a processor nobody waits on, such as a search index or a catch-up copy of what live
   * delivery already wrote, or one whose readers end its pause when they wait for it (the read
   * barrier): under load, a batch at most this often (docs/adr/0226).
   */
  public static final Duration PACED_BATCH_INTERVAL = Duration.ofMillis(100);

  private ProcessorTuning() {}

  /** The tuning of {@code name}; {@code defaultBatchSize} when none is configured. */
  public static void apply(
      EventProcessingConfigurer processing,
      Environment environment,
      String name,
      int defaultBatchSize) {
    apply(processing, environment, name, defaultBatchSize, "tracking");
  }

  /**
   * The tuning of {@code name}, run in {@code defaultMode} unless configured. A processor that
   * handles few of the log's events is best {@code pooled}: a tracking processor stores its
   * position in a transaction after every batch, also after one it had nothing to do for, while a
   * pooled one stores it only with a batch it handled or every few seconds.
   */
  public static void apply(
      EventProcessingConfigurer processing,
      Environment environment,
      String name,
      int defaultBatchSize,
      String defaultMode) {
    apply(processing, environment, name, defaultBatchSize, defaultMode, SKIPPED_POSITION_INTERVAL);
  }

  /**
   * As above, with the default of {@code parley.processors.<name>.skipped-position-interval}: how
   * long a pooled processor that only skips events goes without storing its position (Axon's claim
   * extension). A read in another process that waits for the processor sees it pass skipped events
   * that much later (docs/adr/0225).
   */
  public static void apply(
      EventProcessingConfigurer processing,
      Environment environment,
      String name,
      int defaultBatchSize,
      String defaultMode,
      Duration defaultSkippedPositionInterval) {
    apply(
        processing,
        environment,
        name,
        defaultBatchSize,
        defaultMode,
        defaultSkippedPositionInterval,
        Duration.ZERO);
  }

  /**
   * For a processor nobody waits on, or whose waiting readers hurry it (docs/adr/0226): under load,
   * its batches start at most once per {@code parley.processors.<name>.batch-interval}, default
   * {@code defaultBatchInterval}, so that a batch and its position write carry many events instead
   * of one or two. Zero reads the log as it comes. Tracking by default, pooled alike ({@code
   * mode}).
   */
  public static void applyPaced(
      EventProcessingConfigurer processing,
      Environment environment,
      String name,
      int defaultBatchSize,
      Duration defaultBatchInterval) {
    apply(
        processing,
        environment,
        name,
        defaultBatchSize,
        "tracking",
        SKIPPED_POSITION_INTERVAL,
        defaultBatchInterval);
  }

  private static void apply(
      EventProcessingConfigurer processing,
      Environment environment,
      String name,
      int defaultBatchSize,
      String defaultMode,
      Duration defaultSkippedPositionInterval,
      Duration defaultBatchInterval) {
    String prefix = "parley.processors." + name + ".";
    int batchSize = environment.getProperty(prefix + "batch-size", Integer.class, defaultBatchSize);
    int threads = environment.getProperty(prefix + "threads", Integer.class, 1);
    int segments = environment.getProperty(prefix + "segments", Integer.class, threads);
    String mode = environment.getProperty(prefix + "mode", defaultMode);
    // How often an instance looks for unclaimed segments (Axon's default 5 s): what a segment
    // released by another instance (docs/adr/0173) waits at most before it is taken.
    long claimInterval =
        environment
            .getProperty("parley.processors.claim-interval", Duration.class, Duration.ofSeconds(5))
            .toMillis();
    int nice = niceness(environment);
    Duration batchInterval =
        environment.getProperty(prefix + "batch-interval", Duration.class, defaultBatchInterval);
    boolean paced = !batchInterval.isNegative() && !batchInterval.isZero();
    java.util.function.Function<
            org.axonframework.config.Configuration,
            org.axonframework.messaging.StreamableMessageSource<
                org.axonframework.eventhandling.TrackedEventMessage<?>>>
        source =
            config ->
                paced
                    ? PacedMessageSource.of(name, config.eventStore(), batchInterval, batchSize)
                    : config.eventStore();
    processing.registerSequencingPolicy(name, config -> PerConversationSequencing.INSTANCE);
    if ("pooled".equals(mode)) {
      processing.registerPooledStreamingEventProcessor(
          name,
          source,
          (config, builder) ->
              builder
                  .batchSize(batchSize)
                  .initialSegmentCount(segments)
                  .tokenClaimInterval(claimInterval)
                  .claimExtensionThreshold(
                      environment
                          .getProperty(
                              prefix + "skipped-position-interval",
                              Duration.class,
                              defaultSkippedPositionInterval)
                          .toMillis())
                  .coordinatorExecutor(executor(name + "-coordinator", 1, nice))
                  .workerExecutor(executor(name + "-worker", threads, nice)));
    } else if ("tracking".equals(mode)) {
      if (segments > threads) {
        // A tracking thread works one segment: the others wait for another instance to claim them.
        log.warn(
            "Tracking processor {} has {} segments and {} threads: {} segments are processed only"
                + " if another instance claims them (set {}threads to {} on a single instance)",
            name,
            segments,
            threads,
            segments - threads,
            prefix,
            segments);
      }
      java.util.function.Function<
              org.axonframework.config.Configuration, TrackingEventProcessorConfiguration>
          configuration =
              config ->
                  TrackingEventProcessorConfiguration.forParallelProcessing(threads)
                      .andInitialSegmentsCount(segments)
                      .andTokenClaimInterval(
                          claimInterval, java.util.concurrent.TimeUnit.MILLISECONDS)
                      .andBatchSize(batchSize)
                      .andThreadFactory(processor -> threads(processor, nice));
      if (paced) {
        processing.registerTrackingEventProcessor(name, source, configuration);
      } else {
        processing.registerTrackingEventProcessorConfiguration(name, configuration);
      }
    } else {
      throw new IllegalArgumentException(
          prefix + "mode must be 'tracking' or 'pooled', was '" + mode + "'");
    }
  }

  /**
   * How many nice steps below the request and live-delivery threads every tuned processor runs
   * ({@code parley.processors.nice}, docs/adr/0224): they catch up in the moments those leave free.
   */
  private static int niceness(Environment environment) {
    return environment.getProperty("parley.processors.nice", Integer.class, DEFAULT_NICE);
  }

  /**
   * For a tracking processor registered elsewhere that does background work (a read model, a
   * clean-up, notifications to devices that are offline): its threads, {@code
   * parley.processors.nice} steps down.
   */
  public static java.util.function.Function<String, ThreadFactory> backgroundThreads(
      Environment environment) {
    int nice = niceness(environment);
    return processor -> threads(processor, nice);
  }

  /** A tracking processor's threads, named as Axon names them. */
  static ThreadFactory threads(String processor, int nice) {
    return Niceness.lowered(nice, new AxonThreadFactory("EventProcessor[" + processor + "]"));
  }

  static ScheduledExecutorService executor(String name, int threads, int nice) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, name + "-" + count.getAndIncrement());
          thread.setDaemon(true);
          return thread;
        };
    return Executors.newScheduledThreadPool(threads, Niceness.lowered(nice, factory));
  }
}
