package io.parley.support.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far an event processor of this process runs behind the head of the log, in events and in
 * seconds. The one computation behind the {@code parley.processor.lag.*} gauges, the operator API
 * ({@code GET /api/admin/processors}) and {@code infra/parley processors} (docs/adr/0120).
 */
public class ProcessorLag {
  /**
   * {@code position}: the lowest position any of its segments has handled (null before its first
   * event or when no segment is claimed here); {@code events}: head minus position; {@code
   * seconds}: the age of the oldest event it has yet to handle, 0 at the head.
   */
  public record Lag(Long position, long head, Long events, Double seconds) {}

  private final EventStore eventStore;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  public ProcessorLag(EventStore eventStore, JdbcTemplate jdbc, Clock clock) {
    this.eventStore = eventStore;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The global index of the newest event in the log; 0 when it is empty. */
  public long head() {
    TrackingToken head = eventStore.createHeadToken();
    return head == null ? 0 : head.position().orElse(0);
  }

  /** The lag of {@code processor} against {@code head} (read once for all processors). */
  public Lag of(EventProcessor processor, long head) {
    Long position = position(processor);
    if (position == null) {
      return new Lag(null, head, null, null);
    }
    long events = Math.max(0, head - position);
    Double seconds = events == 0 ? Double.valueOf(0.0) : ageOfEventAfter(position);
    return new Lag(position, head, events, seconds);
  }

  /** The lowest position any segment of the processor has reached in this process. */
  static Long position(EventProcessor processor) {
    if (!(processor instanceof StreamingEventProcessor streaming)) {
      return null;
    }
    Long lowest = null;
    for (EventTrackerStatus segment : streaming.processingStatus().values()) {
      OptionalLong current = segment.getCurrentPosition();
      if (current.isPresent()) {
        lowest = lowest == null ? current.getAsLong() : Math.min(lowest, current.getAsLong());
      }
    }
    return lowest;
  }

  /**
   * Seconds since the first event after {@code position} was appended; null when the log cannot be
   * read here (Axon Server keeps it, or the store is unreachable).
   */
  Double ageOfEventAfter(long position) {
    List<String> next;
    try {
      next =
          jdbc.queryForList(
              "SELECT timestamp FROM domainevententry WHERE globalindex > ?"
                  + " ORDER BY globalindex LIMIT 1",
              String.class,
              position);
    } catch (DataAccessException unreadable) {
      return null;
    }
    if (next.isEmpty()) {
      return 0.0;
    }
    Duration age = Duration.between(Instant.parse(next.get(0)), clock.instant());
    return age.isNegative() ? 0.0 : age.toNanos() / 1e9;
  }
}
