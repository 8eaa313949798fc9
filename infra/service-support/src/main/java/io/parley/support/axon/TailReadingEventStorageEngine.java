package io.parley.support.axon;

import static org.axonframework.common.jdbc.JdbcUtils.executeQuery;
import static org.axonframework.common.jdbc.JdbcUtils.listResults;

import java.sql.ResultSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC engine, reading an aggregate's stream as its {@link StreamTail} allows
 * (docs/adr/0197): the events of the tail-only types from the window's first event on, every other
 * event of the stream through a partial index. A conversation of 500,000 messages without a
 * snapshot, as an imported log has, loads from its membership events and its last few hundred
 * messages instead of all of them. The events returned are those the aggregate applies with effect,
 * in stream order, ending with the stream's last event; the rest of the engine is Axon's.
 */
final class TailReadingEventStorageEngine extends JdbcEventStorageEngine {
  /**
   * Set while an aggregate is loaded ({@link WakeableEventStore#readEvents(String)}, the read of
   * the repository and the snapshotter). Every other read of a stream, such as the timeline
   * verifier's or the event audit's, gets the whole stream.
   */
  private static final ThreadLocal<Boolean> LOADING = ThreadLocal.withInitial(() -> false);

  private final TransactionManager transactions;
  private final StreamTail tail;
  private final String windowStart;
  private final String otherEvents;

  TailReadingEventStorageEngine(
      JdbcEventStorageEngine.Builder builder,
      EventSchema schema,
      TransactionManager transactions,
      StreamTail tail) {
    super(builder);
    this.transactions = transactions;
    this.tail = tail;
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

  @Override
  protected Stream<? extends DomainEventData<?>> readEventData(
      String identifier, long firstSequenceNumber) {
    if (!LOADING.get()) {
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
