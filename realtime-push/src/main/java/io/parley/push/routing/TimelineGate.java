package io.parley.push.routing;

import io.parley.support.axon.StoredPositions;
import io.parley.support.axon.StoredPositions.Position;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Holds a message push until the timeline projection has stored it, so a client that fetches
 * history right after the event finds the message. It does not read the timeline itself: it reads
 * the projection's position in Axon's token store (the processor commits its token only after its
 * handlers ran), by processor name ({@code parley.push.timeline-processors}). The wait is bounded
 * ({@code parley.push.timeline-wait}); a push that timed out is delivered anyway and counted.
 */
@Component
class TimelineGate {
  private static final Logger log = LoggerFactory.getLogger(TimelineGate.class);

  private final StoredPositions positions;
  private final List<String> processors;
  private final Duration maxWait;
  private final AtomicLong waits = new AtomicLong();
  private final AtomicLong waitedNanos = new AtomicLong();
  private final AtomicLong maxWaitedNanos = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private volatile long coveredUpTo = -1;

  /** The positions as last read, per processor: a later event may be covered by them already. */
  private volatile Map<String, List<Position>> lastRead = Map.of();

  private final java.util.Set<String> absentReported =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  TimelineGate(
      JdbcTemplate jdbc,
      @Qualifier("serializer") Serializer serializer,
      @Value("${parley.push.timeline-processors:message-timeline}") List<String> processors,
      @Value("${parley.push.timeline-wait:2s}") Duration maxWait) {
    this.positions = new StoredPositions(jdbc, serializer);
    this.processors = processors.stream().filter(name -> !name.isBlank()).toList();
    this.maxWait = maxWait;
  }

  /**
   * Returns once every configured processor has handled the event at {@code eventToken}, whose
   * sequence identifier (its conversation id) is {@code sequence}: only the segments that own that
   * conversation are waited for, since an idle segment's position is stored only now and then.
   */
  void awaitStored(TrackingToken eventToken, Object sequence) {
    if (processors.isEmpty() || eventToken == null || eventToken.position().isEmpty()) {
      return;
    }
    long index = eventToken.position().getAsLong();
    if (index <= coveredUpTo || handledEverywhere(lastRead, index, sequence)) {
      return;
    }
    long start = System.nanoTime();
    long deadline = start + maxWait.toNanos();
    while (!handledEverywhere(read(), index, sequence)) {
      if (System.nanoTime() - deadline > 0) {
        timeouts.incrementAndGet();
        log.warn("Pushing message at position {} before the timeline confirmed it", index);
        break;
      }
      LockSupport.parkNanos(2_000_000);
    }
    long waited = System.nanoTime() - start;
    waits.incrementAndGet();
    waitedNanos.addAndGet(waited);
    maxWaitedNanos.accumulateAndGet(waited, Math::max);
  }

  /** Every configured processor's segment positions from the token store; remembered. */
  private Map<String, List<Position>> read() {
    Map<String, List<Position>> read = new HashMap<>();
    for (String processor : processors) {
      read.put(processor, positions.of(processor));
    }
    lastRead = read;
    return read;
  }

  /**
   * Whether, by {@code positions}, the segments owning {@code sequence} of every configured
   * processor have handled the event at {@code index}; remembers the position below which every
   * segment has handled everything, to skip the lookup next time. Positions only move forward (a
   * reset starts a processor over, and pushes are then not held for the rebuild), so what an
   * earlier read shows as handled stays handled: an event of a segment that already passed it needs
   * no new read.
   */
  private boolean handledEverywhere(
      Map<String, List<Position>> positionsByProcessor, long index, Object sequence) {
    long contiguous = Long.MAX_VALUE;
    for (String processor : processors) {
      List<Position> positions = positionsByProcessor.get(processor);
      if (positions == null) {
        return false; // not read yet
      }
      if (positions.isEmpty()) {
        // Not deployed against this token store: waiting would only add the bound to every push.
        if (absentReported.add(processor)) {
          log.warn("Timeline processor {} has no token here; pushing without waiting", processor);
        }
        continue;
      }
      int[] segmentIds = positions.stream().mapToInt(Position::segment).toArray();
      for (Position position : positions) {
        TrackingToken token = position.token();
        TrackingToken current =
            token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        boolean owns =
            sequence == null
                || Segment.computeSegment(position.segment(), segmentIds).matches(sequence);
        if (owns && !handled(current, index)) {
          return false;
        }
        contiguous = Math.min(contiguous, current == null ? -1 : contiguousUpTo(current));
      }
    }
    if (contiguous != Long.MAX_VALUE) {
      coveredUpTo = Math.max(coveredUpTo, contiguous);
    }
    return true;
  }

  private static boolean handled(TrackingToken token, long index) {
    if (token instanceof GapAwareTrackingToken gapAware) {
      return gapAware.getIndex() >= index && !gapAware.getGaps().contains(index);
    }
    return token != null && token.position().orElse(-1) >= index;
  }

  private static long contiguousUpTo(TrackingToken token) {
    if (token instanceof GapAwareTrackingToken gapAware && !gapAware.getGaps().isEmpty()) {
      return gapAware.getGaps().first() - 1;
    }
    return token.position().orElse(-1);
  }

  @PreDestroy
  void reportOnShutdown() {
    log.info("Timeline gate: {}", stats());
  }

  /** Measurements for operators and the latency report: count, mean and max wait, timeouts. */
  String stats() {
    long count = waits.get();
    return String.format(
        "waits=%d meanMs=%.2f maxMs=%.2f timeouts=%d",
        count,
        count == 0 ? 0.0 : waitedNanos.get() / 1e6 / count,
        maxWaitedNanos.get() / 1e6,
        timeouts.get());
  }
}
