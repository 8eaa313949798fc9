package io.parley.support.axon;

import static org.axonframework.common.jdbc.JdbcUtils.executeQuery;
import static org.axonframework.common.jdbc.JdbcUtils.listResults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC engine with five additions; the rest of the engine is Axon's.
 *
 * <ul>
 *   <li>It reads an aggregate's stream as its {@link StreamTail} allows (docs/adr/0197): the events
 *       of the tail-only types from the window's first event on, every other event of the stream
 *       through a partial index. A conversation of 500,000 messages without a snapshot, as an
 *       imported log has, loads from its membership events and its last few hundred messages
 *       instead of all of them. The events returned are those the aggregate applies with effect, in
 *       stream order, ending with the stream's last event.
 *   <li>It stores the rows an event brings to the write model ({@link AppendedRows}) in the
 *       statement that appends the event (docs/adr/0209): a send's event and its message lookup row
 *       cost one round trip, not two.
 *   <li>Processors that read behind the head share the batches they read ({@link SharedLogReads},
 *       docs/adr/0227): a rebuild of every read model queries and deserializes the log once, not
 *       once per processor.
 *   <li>The event store's own read at the head ends with a batch shorter than a full one
 *       (docs/adr/0231), where Axon's asks once more and ends with an empty one.
 *   <li>A send its own statement commits is kept in memory as the message a read of the log gives
 *       (docs/adr/0233, 0236): the producer's read and a reader that takes commits (live delivery)
 *       take it from there, and share one deserialization of its payload.
 * </ul>
 */
final class ParleyEventStorageEngine extends JdbcEventStorageEngine {
  /** How many of this JVM's committed appends are kept for the producer's read (docs/adr/0233). */
  private static final int COMMITTED_APPENDS = 1024;

  /**
   * Set while an aggregate is loaded ({@link WakeableEventStore#readEvents(String)}, the read of
   * the repository and the snapshotter). Every other read of a stream, such as the timeline
   * verifier's or the event audit's, gets the whole stream.
   */
  private static final ThreadLocal<Boolean> LOADING = ThreadLocal.withInitial(() -> false);

  private final TransactionManager transactions;
  private final StreamTail tail;
  private final List<AppendedRows> rows;
  private final String appendEvent;
  private final String globalIndex;
  private final String windowStart;
  private final String otherEvents;
  private final SharedLogReads shared;
  private final int batchSize;
  private final boolean commitWithAppend;
  private final CommittedAppends committed = new CommittedAppends(COMMITTED_APPENDS);
  private volatile Runnable afterHeadReads = () -> {};
  private volatile Runnable afterCommits = () -> {};

  /**
   * @param tail how aggregates' streams may be read, or {@code null} to read them whole
   * @param rows the write models' rows that come with events; empty for none
   * @param shared the batches the processors behind the head share, or {@code null} for none
   * @param batchSize the events a fetch of the log asks for, the builder's batch size
   * @param commitWithAppend whether a command's own transaction commits in its append's round trip
   *     ({@link CommandTransactions})
   */
  ParleyEventStorageEngine(
      JdbcEventStorageEngine.Builder builder,
      EventSchema schema,
      TransactionManager transactions,
      StreamTail tail,
      List<AppendedRows> rows,
      SharedLogReads shared,
      int batchSize,
      boolean commitWithAppend) {
    super(builder);
    this.commitWithAppend = commitWithAppend;
    this.transactions = transactions;
    this.tail = tail;
    this.rows = List.copyOf(rows);
    this.shared = shared;
    this.batchSize = batchSize;
    this.appendEvent =
        "WITH appended AS (INSERT INTO "
            + schema.domainEventTable()
            + " ("
            + String.join(
                ", ",
                schema.eventIdentifierColumn(),
                schema.aggregateIdentifierColumn(),
                schema.sequenceNumberColumn(),
                schema.typeColumn(),
                schema.timestampColumn(),
                schema.payloadTypeColumn(),
                schema.payloadRevisionColumn(),
                schema.payloadColumn(),
                schema.metaDataColumn())
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.globalIndex = schema.globalIndexColumn();
    if (tail == null) {
      this.windowStart = null;
      this.otherEvents = null;
      return;
    }
    String stream =
        " FROM "
            + schema.domainEventTable()
            + " WHERE "
            + schema.aggregateIdentifierColumn()
            + " = ? AND "
            + schema.sequenceNumberColumn()
            + " >= ? AND ";
    String inOrder = " ORDER BY " + schema.sequenceNumberColumn();
    this.windowStart =
        "SELECT "
            + schema.sequenceNumberColumn()
            + stream
            + schema.payloadTypeColumn()
            + " = ?"
            + inOrder
            + " DESC OFFSET ? LIMIT 1";
    // the types are literals so the planner can match the partial index's predicate
    this.otherEvents =
        "SELECT "
            + domainEventFields()
            + stream
            + schema.sequenceNumberColumn()
            + " < ? AND "
            + schema.payloadTypeColumn()
            + " NOT IN ("
            + tail.tailOnly().stream()
                .sorted()
                .map(type -> "'" + type.replace("'", "''") + "'")
                .collect(Collectors.joining(", "))
            + ")"
            + inOrder;
  }

  /** The read of the other events, for the test that checks it uses the partial index. */
  String otherEventsSql() {
    return otherEvents;
  }

  /** Runs {@code read} as an aggregate's load: the stream may then be read as the tail allows. */
  static <T> T loadingAnAggregate(Supplier<T> read) {
    boolean outer = LOADING.get();
    LOADING.set(true);
    try {
      return read.get();
    } finally {
      LOADING.set(outer);
    }
  }

  /**
   * An event that brings a row is appended together with it, in one statement; a unit of work that
   * appends several events (rare: sends come one per unit of work) stores its rows first, then the
   * events in Axon's batch, all in its transaction.
   */
  @Override
  protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
    if (rows.isEmpty() || events.isEmpty()) {
      super.appendEvents(events, serializer);
      return;
    }
    List<AppendedRows.Row> found = new ArrayList<>(events.size());
    boolean any = false;
    for (EventMessage<?> event : events) {
      AppendedRows.Row row = rowOf(event);
      found.add(row);
      any |= row != null;
    }
    if (!any) {
      super.appendEvents(events, serializer);
    } else if (events.size() == 1 && events.get(0) instanceof DomainEventMessage<?> event) {
      AppendedRows.Row row = found.get(0);
      if (commitWithAppend && CommandTransactions.appendEndsTheTransaction()) {
        // Committed by the statement itself: its global index comes back, and the event is noted
        // for the producer's read (docs/adr/0233).
        String sql =
            appendEvent
                + " RETURNING "
                + globalIndex
                + "), brought AS ("
                + row.insert()
                + ") SELECT "
                + globalIndex
                + " FROM appended; COMMIT";
        transactions.executeInTransaction(() -> write(event, row, sql, serializer, true));
      } else {
        String sql = appendEvent + ") " + row.insert();
        transactions.executeInTransaction(() -> write(event, row, sql, serializer, false));
      }
    } else {
      transactions.executeInTransaction(
          () -> {
            for (int i = 0; i < events.size(); i++) {
              if (found.get(i) != null) {
                write(events.get(i), found.get(i), found.get(i).insert(), null, false);
              }
            }
            super.appendEvents(events, serializer);
          });
    }
  }

  private AppendedRows.Row rowOf(EventMessage<?> event) {
    for (AppendedRows model : rows) {
      AppendedRows.Row row = model.rowOf(event);
      if (row != null) {
        return row;
      }
    }
    return null;
  }

  /**
   * Runs {@code sql}: the event's insert and its row's ({@code serializer} given), or the row's
   * insert alone. When the statement {@code commits} its transaction, it returns the event's global
   * index, the event is noted as the log now holds it (docs/adr/0233), and the readers that take
   * commits are told (docs/adr/0236).
   */
  private void write(
      EventMessage<?> event,
      AppendedRows.Row row,
      String sql,
      Serializer serializer,
      boolean commits) {
    Connection connection = getConnection();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = 1;
      DomainEventData<byte[]> stored = null;
      if (serializer != null) {
        DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
        SerializedObject<byte[]> payload = domainEvent.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metaData = domainEvent.serializeMetaData(serializer, byte[].class);
        String timestamp = DateTimeUtils.formatInstant(domainEvent.getTimestamp());
        statement.setString(1, domainEvent.getIdentifier());
        statement.setString(2, domainEvent.getAggregateIdentifier());
        statement.setLong(3, domainEvent.getSequenceNumber());
        statement.setString(4, domainEvent.getType());
        statement.setString(5, timestamp);
        statement.setString(6, payload.getType().getName());
        statement.setString(7, payload.getType().getRevision());
        statement.setBytes(8, payload.getData());
        statement.setBytes(9, metaData.getData());
        next = 10;
        if (commits) {
          stored = storedForm(domainEvent, timestamp, payload, metaData);
        }
      }
      row.values().bind(statement, next);
      if (stored != null) {
        statement.execute();
        long index;
        try (ResultSet appended = statement.getResultSet()) {
          appended.next();
          index = appended.getLong(1);
        }
        TrackedEventMessage<?> read = asRead(index, stored);
        if (read != null) {
          committed.committed(index, read);
          afterCommits.run();
        }
      } else {
        statement.executeUpdate();
      }
    } catch (SQLException e) {
      handlePersistenceException(e, event);
    } finally {
      JdbcUtils.closeQuietly(connection);
    }
  }

  /**
   * {@code event} as a read of the log gives it back: serialized, its timestamp in the stored
   * format, and, as Axon reads it, no aggregate for an event whose identifier is its aggregate's.
   */
  private static DomainEventData<byte[]> storedForm(
      DomainEventMessage<?> event,
      String timestamp,
      SerializedObject<byte[]> payload,
      SerializedObject<byte[]> metaData) {
    return new GenericDomainEventEntry<>(
        event.getType(),
        event.getIdentifier().equals(event.getAggregateIdentifier())
            ? null
            : event.getAggregateIdentifier(),
        event.getSequenceNumber(),
        event.getIdentifier(),
        timestamp,
        payload.getType().getName(),
        payload.getType().getRevision(),
        payload.getData(),
        metaData.getData());
  }

  /**
   * The message a read of the log from a token without gaps gives for {@code stored}, committed at
   * {@code index} (docs/adr/0236): built by the same upcasting and lazy deserialization as a read,
   * so every reader sees exactly what a replay of the log will see, the read side's repair of text
   * included (docs/adr/0080); the readers share it, so its payload is deserialized once. Null where
   * the upcasters make more or fewer events of it: then the readers read the log.
   */
  private TrackedEventMessage<?> asRead(long index, DomainEventData<byte[]> stored) {
    TrackingToken token = GapAwareTrackingToken.newInstance(index, Collections.emptySortedSet());
    List<TrackedEventMessage<?>> read =
        EventUtils.upcastAndDeserializeTrackedEvents(
                Stream.of(new TrackedDomainEventData<>(token, stored)),
                getEventSerializer(),
                upcasterChain)
            .toList();
    return read.size() == 1 ? read.get(0) : null;
  }

  /**
   * Up to {@code max} of this JVM's committed sends that directly follow {@code token}, for a
   * reader that takes them before the producer has read them (docs/adr/0236); empty where a read of
   * the log could find others first.
   */
  List<TrackedEventMessage<?>> committedAfter(TrackingToken token, int max) {
    return committed.after(token, max);
  }

  /** Runs {@code callback} on the committing thread after each send noted for the readers. */
  void afterCommits(Runnable callback) {
    this.afterCommits = callback;
  }

  /** A write model's reading of the failure first (a retried send), then Axon's. */
  @Override
  protected void handlePersistenceException(Exception exception, EventMessage<?> failedEvent) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        for (AppendedRows model : rows) {
          RuntimeException failure = model.failure(sql);
          if (failure != null) {
            throw failure;
          }
        }
      }
    }
    super.handlePersistenceException(exception, failedEvent);
  }

  /**
   * A processor's read behind the head ({@code mayBlock} false: the event store's private stream)
   * goes through the shared batches; the store's own tailing read does not.
   */
  @Override
  public Stream<? extends TrackedEventMessage<?>> readEvents(
      TrackingToken trackingToken, boolean mayBlock) {
    if (mayBlock) {
      return StreamSupport.stream(new HeadBatches(trackingToken), false);
    }
    if (shared == null) {
      return super.readEvents(trackingToken, false);
    }
    SharedLogReads.Reader reader = shared.reader(trackingToken);
    return StreamSupport.stream(new SharedBatches(reader, trackingToken), false)
        .onClose(reader::close);
  }

  /**
   * Runs {@code callback} on the reading thread after a read at the head that found events, once
   * the reader has taken them (for the event store's producer: once they are where caught-up
   * readers find them).
   */
  void afterHeadReads(Runnable callback) {
    this.afterHeadReads = callback;
  }

  /**
   * The event store's read at the head (its producer's, which serves every reader that has caught
   * up): the events after a token, a batch at a time, until a batch is not full. That batch held
   * every event committed past the token when it was read, and an event committed since wakes the
   * producer, which reads again; Axon's stream would ask once more and end only on an empty batch,
   * and since the producer also reads once more whenever it found events, that was two empty reads
   * per wake (docs/adr/0231). A batch of this JVM's committed sends is taken from memory where that
   * is what the log would give (docs/adr/0233). After the reader took a batch's last event, the
   * {@link #afterHeadReads} callback runs.
   */
  private final class HeadBatches extends Spliterators.AbstractSpliterator<TrackedEventMessage<?>> {
    private TrackingToken last;
    private Iterator<? extends TrackedEventMessage<?>> batch = Collections.emptyIterator();
    private boolean lastBatch;
    private boolean handedOut;

    HeadBatches(TrackingToken from) {
      super(Long.MAX_VALUE, Spliterator.NONNULL | Spliterator.ORDERED);
      this.last = from;
    }

    @Override
    public boolean tryAdvance(Consumer<? super TrackedEventMessage<?>> action) {
      if (!batch.hasNext()) {
        if (handedOut) {
          handedOut = false;
          afterHeadReads.run();
        }
        if (lastBatch) {
          return false;
        }
        committed.passed(last);
        List<? extends TrackedEventMessage<?>> read = committed.after(last, batchSize);
        if (read.isEmpty()) {
          List<? extends TrackedEventData<?>> fetched = fetchTrackedEvents(last, batchSize);
          lastBatch = fetched.size() < batchSize;
          read = deserialized(fetched);
        } else {
          lastBatch = read.size() < batchSize;
        }
        batch = read.iterator();
        if (!batch.hasNext()) {
          return false;
        }
      }
      TrackedEventMessage<?> event = batch.next();
      last = event.trackingToken();
      action.accept(event);
      handedOut = true;
      return true;
    }
  }

  private List<TrackedEventMessage<?>> deserialized(List<? extends TrackedEventData<?>> events) {
    List<TrackedEventMessage<?>> messages = new ArrayList<>(events.size());
    EventUtils.upcastAndDeserializeTrackedEvents(
            events.stream(), getEventSerializer(), upcasterChain)
        .forEach(messages::add);
    return messages;
  }

  private List<TrackedEventMessage<?>> readBatch(TrackingToken after) {
    return deserialized(fetchTrackedEvents(after, batchSize));
  }

  /**
   * The events after a token, a shared batch at a time. Like Axon's stream it asks again after an
   * empty batch, since a reader may wait for events and look again.
   */
  private final class SharedBatches
      extends Spliterators.AbstractSpliterator<TrackedEventMessage<?>> {
    private final SharedLogReads.Reader reader;
    private TrackingToken last;
    private Iterator<TrackedEventMessage<?>> batch = Collections.emptyIterator();

    SharedBatches(SharedLogReads.Reader reader, TrackingToken from) {
      super(Long.MAX_VALUE, Spliterator.NONNULL | Spliterator.ORDERED);
      this.reader = reader;
      this.last = from;
    }

    @Override
    public boolean tryAdvance(Consumer<? super TrackedEventMessage<?>> action) {
      if (!batch.hasNext()) {
        batch = reader.next(last, ParleyEventStorageEngine.this::readBatch).iterator();
        if (!batch.hasNext()) {
          return false;
        }
      }
      TrackedEventMessage<?> event = batch.next();
      last = event.trackingToken();
      action.accept(event);
      return true;
    }
  }

  @Override
  protected Stream<? extends DomainEventData<?>> readEventData(
      String identifier, long firstSequenceNumber) {
    if (tail == null || !LOADING.get()) {
      return super.readEventData(identifier, firstSequenceNumber);
    }
    long from = windowStart(identifier, firstSequenceNumber);
    if (from <= firstSequenceNumber) {
      return super.readEventData(identifier, firstSequenceNumber);
    }
    List<? extends DomainEventData<?>> before = otherEvents(identifier, firstSequenceNumber, from);
    return Stream.concat(before.stream(), super.readEventData(identifier, from));
  }

  /** The sequence number of the window's first event, or {@code first} if the window is short. */
  private long windowStart(String identifier, long first) {
    Long start =
        transactions.fetchInTransaction(
            () ->
                executeQuery(
                    getConnection(),
                    connection -> {
                      var statement = connection.prepareStatement(windowStart);
                      statement.setString(1, identifier);
                      statement.setLong(2, first);
                      statement.setString(3, tail.windowType());
                      statement.setInt(4, tail.window() - 1);
                      return statement;
                    },
                    (ResultSet rows) -> rows.next() ? rows.getLong(1) : null,
                    e -> new EventStoreException("Could not find the window of " + identifier, e)));
    return start == null ? first : start;
  }

  private List<? extends DomainEventData<?>> otherEvents(
      String identifier, long first, long windowStart) {
    return transactions.fetchInTransaction(
        () ->
            executeQuery(
                getConnection(),
                connection -> {
                  var statement = connection.prepareStatement(otherEvents);
                  statement.setString(1, identifier);
                  statement.setLong(2, first);
                  statement.setLong(3, windowStart);
                  return statement;
                },
                listResults(this::getDomainEventData),
                e -> new EventStoreException("Could not read the stream of " + identifier, e)));
  }
}
