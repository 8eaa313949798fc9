package io.parley.query.consistency;

import io.parley.support.axon.HandlerConditions;
import io.parley.support.axon.PacedMessageSource;
import io.parley.support.axon.StoredPositions;
import io.parley.support.axon.StoredPositions.Position;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read-your-push on the read path (docs/adr/0110). Pushes go out as soon as an event is appended,
 * before any projection has it; a history read therefore first waits, bounded, until the read
 * models it reads ({@code parley.query.read-barrier.processors}: the timeline and the conversation
 * directory) have handled every event the conversation had when the request arrived, so a client
 * that was pushed seq n finds every message up to n, and the conversation itself (no 404 for a
 * group created a moment ago).
 *
 * <p>The target is read once per request: the conversation's latest events in the log, by the event
 * store's (aggregate, sequence) index; per processor, the newest of them it handles. The
 * processors' committed positions come from the token store (a processor commits its position only
 * after its handlers' writes), only the segments owning the conversation count, and the positions
 * last read are kept: a read they already cover costs no more than the target lookup. Otherwise the
 * read waits for the next commit of a processor in this JVM ({@link ProjectionCommits}), or a short
 * poll when the processors run elsewhere, and after {@code max-wait} answers 503.
 */
@Component
public class ReadBarrier {
  private static final Logger log = LoggerFactory.getLogger(ReadBarrier.class);
  private static final int RECENT_EVENTS = 20;
  private static final String KEY_PROCESSOR = "conversation-directory";

  /**
   * The newest events of one aggregate in the log, newest first, by the event store's (aggregate,
   * sequence) index: an index walk, O(1) however long the stream. One parameter, the aggregate id;
   * columns {@code globalindex, payloadtype, sequencenumber}. A caller may run it as part of a
   * statement of its own and pass the rows, newest first, to {@link #awaitSince(UUID, Known,
   * List)}.
   */
  public static final String RECENT_EVENTS_QUERY =
      "SELECT globalindex, payloadtype, sequencenumber FROM domainevententry"
          + " WHERE aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT "
          + RECENT_EVENTS;

  /** A row of {@link #RECENT_EVENTS_QUERY}: the event's log position and payload type. */
  public record Recent(long index, String payloadType) {}

  /**
   * The log position a processor must have passed. {@code handled}: an event it handles, so its
   * committed position must show it; otherwise only events it skips, which its in-memory progress
   * may show as well (skipping writes nothing, and a pooled processor stores a position it only
   * skipped to now and then).
   */
  private record Target(long index, boolean handled) {}

  private final JdbcTemplate jdbc;
  private final HandlerConditions conditions;
  private final StoredPositions positions;
  private final EventProcessingConfiguration processing;
  private final ProjectionCommits commits;
  private final List<String> processors;
  private final List<String> accountProcessors;
  private final List<String> fileProcessors;
  private final List<String> fileLogProcessors;
  private final Duration maxWait;
  private final Duration poll;
  private final boolean enabled;
  private final AtomicLong waits = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private volatile Map<String, List<Position>> lastRead = Map.of();
  private volatile boolean logUnavailable = true;
  private final Map<String, Map<String, Boolean>> handledTypes = new ConcurrentHashMap<>();

  ReadBarrier(
      JdbcTemplate jdbc,
      @Qualifier("serializer") Serializer serializer,
      EventProcessingConfiguration processing,
      ProjectionCommits commits,
      @Value("${parley.query.read-barrier.processors:message-timeline,conversation-directory}")
          List<String> processors,
      @Value("${parley.query.read-barrier.account-processors:user-directory}")
          List<String> accountProcessors,
      @Value("${parley.query.read-barrier.file-processors:file-access,conversation-directory}")
          List<String> fileProcessors,
      @Value("${parley.query.read-barrier.file-log-processors:file-access}")
          List<String> fileLogProcessors,
      @Value("${parley.query.read-barrier.max-wait:2s}") Duration maxWait,
      @Value("${parley.query.read-barrier.poll:20ms}") Duration poll,
      @Value("${parley.query.read-barrier.enabled:true}") boolean enabled,
      HandlerConditions conditions) {
    this.jdbc = jdbc;
    this.conditions = conditions;
    this.positions = new StoredPositions(jdbc, serializer);
    this.processing = processing;
    this.commits = commits;
    this.processors = processors.stream().filter(name -> !name.isBlank()).toList();
    this.accountProcessors = accountProcessors.stream().filter(name -> !name.isBlank()).toList();
    this.fileProcessors = fileProcessors.stream().filter(name -> !name.isBlank()).toList();
    this.fileLogProcessors = fileLogProcessors.stream().filter(name -> !name.isBlank()).toList();
    this.maxWait = maxWait;
    this.poll = poll;
    this.enabled = enabled;
  }

  /**
   * Returns once the read models have handled every event of {@code conversationId} appended before
   * this call; throws {@link ProjectionsLagging} when they have not within the bound.
   */
  public void await(UUID conversationId) {
    await(conversationId, processors);
  }

  /**
   * Returns once the inbox and the conversation directory have handled every event of the group
   * appended before this call: its activity entries (docs/adr/0160) and invites.
   */
  public void awaitActivity(UUID conversationId) {
    await(conversationId, List.of("inbox", "conversation-directory"));
  }

  /**
   * Returns once the account read models ({@code parley.query.read-barrier.account-processors}: the
   * user directory) have handled every event of {@code userId}'s account appended before this call:
   * a client that has just registered, logged in or renamed itself reads itself back.
   */
  public void awaitAccount(UUID userId) {
    await(userId, accountProcessors);
  }

  /**
   * Returns once the file read models ({@code parley.query.read-barrier.file-processors}: file
   * access and the conversation directory) have handled every event of {@code aggregateId} (a
   * conversation or an account) appended before this call: a file of a message just pushed, a
   * member just added, a message just deleted, an avatar just replaced (docs/adr/0146).
   */
  public void awaitFiles(UUID aggregateId) {
    await(aggregateId, fileProcessors);
  }

  /**
   * Returns once the file-access read model ({@code parley.query.read-barrier.file-log-processors})
   * has handled every event in the log appended before this call, whichever aggregate it belongs
   * to: a file id it does not know yet names no conversation to wait for (docs/adr/0146). Once it
   * knows the id, {@link #awaitFiles} waits for the rest. Costs one index lookup when it is caught
   * up.
   */
  public void awaitFilesInLog() {
    awaitLogHead(fileLogProcessors, "File read models");
  }

  /**
   * Returns once the key directory (kept by the conversation-directory processor with the
   * memberships, docs/adr/0182) has handled every event of {@code userId}'s account appended before
   * this call: a client told {@code keys.changed} reads the change.
   */
  public void awaitKeysOf(UUID userId) {
    await(userId, List.of(KEY_PROCESSOR));
  }

  /**
   * Returns once the key directory and the memberships have handled every event in the log appended
   * before this call: a conversation's key set depends on the events of every member's account as
   * well as the conversation's own, so the whole log is the target (docs/adr/0182). Costs one index
   * lookup when the processor is caught up.
   */
  public void awaitKeysInLog() {
    awaitLogHead(List.of(KEY_PROCESSOR), "The key directory");
  }

  private void awaitLogHead(List<String> logProcessors, String what) {
    if (!enabled || logProcessors.isEmpty()) {
      return;
    }
    Long head;
    try {
      head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
    } catch (DataAccessException e) {
      return; // no JDBC event store here: not held, as for history
    }
    if (head == null) {
      return;
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    waits.incrementAndGet();
    while (true) {
      long seen = commits.count();
      if (logProcessors.stream().allMatch(processor -> passed(processor, head))) {
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        timeouts.incrementAndGet();
        log.warn("{} lags the log beyond {} (head {})", what, maxWait, head);
        throw new ProjectionsLagging();
      }
      try {
        commits.awaitAfter(seen, Math.min(left, poll.toNanos()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProjectionsLagging();
      }
    }
  }

  /**
   * Whether every segment of {@code processor} passed {@code index}: by its committed position, or
   * by this JVM's progress for a segment that only skipped events since (it need not store that).
   */
  private boolean passed(String processor, long index) {
    List<Position> stored = positions.of(processor);
    if (stored.isEmpty()) {
      return true; // keeps no position in this store: nothing to wait for
    }
    StreamingEventProcessor running =
        processing.eventProcessor(processor, StreamingEventProcessor.class).orElse(null);
    for (Position position : stored) {
      if (handled(position.token(), index)) {
        continue;
      }
      EventTrackerStatus status =
          running == null ? null : running.processingStatus().get(position.segment());
      if (status == null || !handled(status.getTrackingToken(), index)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The read models' committed positions as this process last read them: what a read started after
   * this call is sure to see (docs/adr/0223). Pass it to {@link #awaitSince}.
   */
  public Known known() {
    return new Known(lastRead);
  }

  /** Positions read before some moment; see {@link #known()}. */
  public static final class Known {
    private final Map<String, List<Position>> positions;

    private Known(Map<String, List<Position>> positions) {
      this.positions = positions;
    }
  }

  /**
   * {@link #await(UUID)} with the conversation's newest events as the caller read them with {@link
   * #RECENT_EVENTS_QUERY}, after {@code before} was taken; answers whether {@code before} already
   * covered every one of them: true means what the caller read in the same statement as the events
   * is current, false that it must be read again now. Only committed positions count for {@code
   * before}: a processor's progress in memory says nothing about writes another thread committed
   * after the statement began.
   */
  public boolean awaitSince(UUID conversationId, Known before, List<Recent> recent) {
    if (!enabled || processors.isEmpty()) {
      return true;
    }
    String sequence = conversationId.toString();
    Map<String, Target> targets = targets(recent, processors);
    if (targets.isEmpty() || covered(before.positions, targets, sequence, false)) {
      return true;
    }
    await(sequence, targets, processors);
    return false;
  }

  private void await(UUID aggregateId, List<String> processors) {
    if (!enabled || processors.isEmpty()) {
      return;
    }
    String sequence = aggregateId.toString();
    Map<String, Target> targets = targets(sequence, processors);
    if (!targets.isEmpty()) {
      await(sequence, targets, processors);
    }
  }

  private void await(String sequence, Map<String, Target> targets, List<String> processors) {
    if (covered(lastRead, targets, sequence, true)) {
      return;
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    waits.incrementAndGet();
    boolean hurried = false;
    while (true) {
      long seen = commits.count();
      if (covered(read(processors), targets, sequence, true)) {
        return;
      }
      if (!hurried) {
        // A processor that takes a batch per interval under load (docs/adr/0226) reads on now.
        PacedMessageSource.hurry(targets.keySet());
        hurried = true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        timeouts.incrementAndGet();
        log.warn(
            "Read models lag the log beyond {} for a history read of {}: targets {}, positions {}",
            maxWait,
            sequence,
            targets,
            lastRead);
        throw new ProjectionsLagging();
      }
      try {
        commits.awaitAfter(seen, Math.min(left, poll.toNanos()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProjectionsLagging();
      }
    }
  }

  /** Reads held at the barrier, and those answered 503, since start. */
  public String stats() {
    return "waits=" + waits.get() + " timeouts=" + timeouts.get();
  }

  /**
   * Per processor, the log position of the newest of the conversation's recent events it handles.
   * An index walk of the (aggregate, sequence) key: O(1) however long the conversation. A processor
   * that handles none of them owes nothing when they are the whole conversation, else at most what
   * lies before them.
   */
  private Map<String, Target> targets(String sequence, List<String> processors) {
    List<Recent> recent;
    try {
      recent =
          jdbc.query(
              RECENT_EVENTS_QUERY,
              (row, n) -> new Recent(row.getLong(1), row.getString(2)),
              sequence);
    } catch (DataAccessException e) {
      // No JDBC event store here (Axon Server holds the log): reads are not held.
      if (logUnavailable) {
        logUnavailable = false;
        log.warn("No event log in this database; history reads do not wait for the read models");
      }
      return Map.of();
    }
    return targets(recent, processors);
  }

  private Map<String, Target> targets(List<Recent> recent, List<String> processors) {
    Map<String, Target> targets = new HashMap<>();
    for (String processor : processors) {
      AbstractEventProcessor running =
          processing.eventProcessor(processor, AbstractEventProcessor.class).orElse(null);
      for (Recent event : recent) {
        if (running == null || handles(running, event.payloadType())) {
          // A handler with a condition (docs/adr/0225) may have skipped the event: its progress
          // here counts then, as for an event of a type it does not handle.
          targets.put(
              processor,
              new Target(event.index(), !conditions.conditional(processor, event.payloadType())));
          break;
        }
      }
      if (!targets.containsKey(processor) && recent.size() == RECENT_EVENTS) {
        targets.put(processor, new Target(recent.get(recent.size() - 1).index(), false));
      }
    }
    return targets;
  }

  /**
   * Whether the processor handles the type, remembered per processor and type: a processor's
   * handlers are fixed for its life, and resolving the class and asking every handler took a tenth
   * of the page-read profile (docs/perf/history.md).
   */
  private boolean handles(AbstractEventProcessor processor, String payloadType) {
    return handledTypes
        .computeIfAbsent(processor.getName(), name -> new ConcurrentHashMap<>())
        .computeIfAbsent(payloadType, type -> resolveHandles(processor, type));
  }

  private static boolean resolveHandles(AbstractEventProcessor processor, String payloadType) {
    try {
      return processor.eventHandlerInvoker().canHandleType(Class.forName(payloadType));
    } catch (ClassNotFoundException | LinkageError e) {
      return true;
    }
  }

  private Map<String, List<Position>> read(List<String> processors) {
    Map<String, List<Position>> read = new HashMap<>(lastRead);
    for (String processor : processors) {
      read.put(processor, positions.of(processor));
    }
    lastRead = Map.copyOf(read);
    return read;
  }

  /**
   * Whether the positions {@code read} show every target passed; with {@code inMemory}, a
   * processor's progress in this JVM counts for a target it only skips.
   */
  private boolean covered(
      Map<String, List<Position>> read,
      Map<String, Target> targets,
      String sequence,
      boolean inMemory) {
    for (Map.Entry<String, Target> entry : targets.entrySet()) {
      List<Position> segments = read.get(entry.getKey());
      Target target = entry.getValue();
      if (segments == null) {
        return false; // not read yet
      }
      if (segments.isEmpty()) {
        continue; // the processor keeps no position in this store: nothing to wait for
      }
      if (!stored(segments, target.index(), sequence)
          && (target.handled()
              || !inMemory
              || !progressedHere(entry.getKey(), target.index(), sequence))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the committed positions of the segments owning {@code sequence} passed {@code index}.
   */
  private static boolean stored(List<Position> segments, long index, String sequence) {
    int[] ids = segments.stream().mapToInt(Position::segment).toArray();
    for (Position position : segments) {
      if (Segment.computeSegment(position.segment(), ids).matches(sequence)
          && !handled(position.token(), index)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this JVM's instance of the processor passed {@code index} in the owning segment. */
  private boolean progressedHere(String processor, long index, String sequence) {
    StreamingEventProcessor running =
        processing.eventProcessor(processor, StreamingEventProcessor.class).orElse(null);
    if (running == null) {
      return false;
    }
    for (EventTrackerStatus status : running.processingStatus().values()) {
      if (status.getSegment().matches(sequence)) {
        return handled(status.getTrackingToken(), index);
      }
    }
    return false;
  }

  /**
   * Whether {@code token} has handled the event at {@code index}; a rebuild does not hold reads.
   */
  static boolean handled(TrackingToken token, long index) {
    if (token instanceof ReplayToken) {
      return true;
    }
    if (token instanceof GapAwareTrackingToken gapAware) {
      return gapAware.getIndex() >= index && !gapAware.getGaps().contains(index);
    }
    return token != null && token.position().orElse(-1) >= index;
  }
}
