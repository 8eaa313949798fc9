package io.parley.support.admin;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.axon.PerConversationSequencing;
import io.parley.support.axon.StoredPositions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The log side of a consistency check: streams the whole global event log once, in order, up to its
 * head as of the start, into a verifier's expected rows (events are not kept: memory is what the
 * expected model needs). Then waits until the verified processor has handled at least as much, so
 * the rows read next reflect every folded event. A live system goes on meanwhile: {@link
 * Folded#settled()} tells which conversations and users (sequences, as {@link
 * PerConversationSequencing} names them) no event has changed since the fold's end; rows of the
 * others may legitimately be ahead of the fold and are left out of the comparison.
 */
public class LogFold {
  private static final int STALL_SECONDS = 30;

  private final EventStore eventStore;
  private final EventProcessingConfiguration processing;
  private final StoredPositions positions;
  private final Duration catchUpWait;

  LogFold(
      EventStore eventStore,
      EventProcessingConfiguration processing,
      JdbcTemplate jdbc,
      @Qualifier("serializer") Serializer serializer,
      @Value("${parley.admin.verify-catch-up-wait:30s}") Duration catchUpWait) {
    this.eventStore = eventStore;
    this.processing = processing;
    this.positions = new StoredPositions(jdbc, serializer);
    this.catchUpWait = catchUpWait;
  }

  /** Where a fold ended; after reading the read model, ask it which rows are settled. */
  public final class Folded {
    private final TrackingToken end;

    private Folded(TrackingToken end) {
      this.end = end;
    }

    /**
     * Whether no event after the fold's end (up to the head now) belongs to a sequence: call it
     * after the rows were read, since a row can only reflect events appended before it was read.
     */
    public Predicate<String> settled() {
      Set<String> changed = new HashSet<>();
      stream(
          end,
          eventStore.createHeadToken(),
          event -> {
            Object sequence = PerConversationSequencing.INSTANCE.getSequenceIdentifierFor(event);
            if (sequence != null) {
              changed.add(sequence.toString());
            }
          });
      return sequence -> !changed.contains(sequence);
    }
  }

  /**
   * Feeds every event up to the current head to {@code expected}, then waits (at most {@code
   * parley.admin.verify-catch-up-wait}) until {@code processor} has handled them all.
   */
  public Folded fold(String processor, Consumer<EventMessage<?>> expected) {
    TrackingToken end = stream(null, eventStore.createHeadToken(), expected);
    awaitProcessor(processor, end);
    return new Folded(end);
  }

  /**
   * Streams from {@code from} until the tracked position reaches {@code head}'s. By position, not
   * {@link TrackingToken#covers}: a gap-aware token keeps gaps left by rolled-back appends, which
   * the head token never has, so it would never cover it.
   */
  private TrackingToken stream(
      TrackingToken from, TrackingToken head, Consumer<? super TrackedEventMessage<?>> each) {
    long target = position(head);
    TrackingToken at = from;
    if (position(at) >= target) {
      return at;
    }
    try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(from)) {
      while (position(at) < target) {
        if (!events.hasNextAvailable(STALL_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException(
              "The event stream stopped at " + position(at) + " before the head " + target);
        }
        TrackedEventMessage<?> event = events.nextAvailable();
        each.accept(event);
        at = event.trackingToken();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the event log", e);
    }
    return at;
  }

  private void awaitProcessor(String processor, TrackingToken end) {
    if (end == null) {
      return;
    }
    long deadline = System.nanoTime() + catchUpWait.toNanos();
    while (!handled(processor, end)) {
      if (System.nanoTime() - deadline > 0) {
        throw new DomainException(
            ErrorCode.CONFLICT,
            "'"
                + processor
                + "' has not reached position "
                + position(end)
                + " of the log within "
                + catchUpWait.toSeconds()
                + " s: verify it when it has caught up.");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Every segment of the processor has handled everything up to {@code end}. */
  private boolean handled(String processor, TrackingToken end) {
    return processing
        .eventProcessor(processor, StreamingEventProcessor.class)
        .map(streaming -> positions.cover(streaming, end))
        .orElse(false);
  }

  private static long position(TrackingToken token) {
    return token == null ? -1 : token.position().orElse(-1);
  }
}
