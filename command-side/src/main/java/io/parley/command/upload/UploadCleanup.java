package io.parley.command.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the bytes of uploads nothing needs any more and marks them deleted (docs/adr/0141): never
 * attached and older than {@code parley.files.orphan-ttl}, or released by everything that referred
 * to them longer than {@code parley.files.deleted-retention} ago. Runs every {@code
 * parley.files.cleanup.interval} on each command-side instance; an advisory lock lets one do each
 * batch. It waits while the lifecycle processor replays or lags, its references then incomplete.
 */
@Component
public class UploadCleanup {
  private static final Logger log = LoggerFactory.getLogger(UploadCleanup.class);

  /** An arbitrary constant naming this job's advisory lock ("uplclean"). */
  private static final long LOCK = 0x75706c636c65616eL;

  private static final int BATCH = 100;

  private final UploadRows rows;
  private final Uploads uploads;
  private final UploadSettings settings;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final EventProcessingConfiguration processing;
  private final Clock clock;
  private final LifecycleBarrier barrier;

  UploadCleanup(
      LifecycleBarrier barrier,
      UploadRows rows,
      Uploads uploads,
      UploadSettings settings,
      JdbcTemplate jdbc,
      TransactionTemplate transaction,
      EventProcessingConfiguration processing,
      Clock clock) {
    this.barrier = barrier;
    this.rows = rows;
    this.uploads = uploads;
    this.settings = settings;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.processing = processing;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${parley.files.cleanup.initial-delay:1m}",
      fixedDelayString = "${parley.files.cleanup.interval:10m}")
  void scheduled() {
    try {
      int deleted = runAt(clock.instant());
      if (deleted > 0) {
        log.info("Upload clean-up deleted {} uploads", deleted);
      }
    } catch (RuntimeException e) {
      log.warn("Upload clean-up failed; it runs again at the next interval", e);
    }
  }

  /** Deletes what has expired at {@code now}; answers how many uploads it deleted. */
  public int runAt(Instant now) {
    if (lifecycleReplaying()) {
      return 0;
    }
    try {
      barrier.await(); // references of everything in the log so far are recorded
    } catch (LifecycleBarrier.Lagging e) {
      return 0;
    }
    int total = 0;
    while (true) {
      Integer deleted =
          transaction.execute(
              status -> {
                if (!Boolean.TRUE.equals(
                    jdbc.queryForObject(
                        "SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
                  return -1;
                }
                List<Upload> expired =
                    rows.expired(
                        now.minus(settings.orphanTtl), now.minus(settings.deletedRetention), BATCH);
                for (Upload upload : expired) {
                  try {
                    uploads.deleteBytes(upload.uploadId());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  rows.markDeleted(upload.uploadId(), now);
                }
                return expired.size();
              });
      if (deleted == null || deleted < 0) {
        return total;
      }
      total += deleted;
      if (deleted < BATCH) {
        return total;
      }
    }
  }

  private boolean lifecycleReplaying() {
    return processing
        .eventProcessor(UploadLifecycle.GROUP, StreamingEventProcessor.class)
        .map(StreamingEventProcessor::isReplaying)
        .orElse(false);
  }
}
