package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event store's read at the head, on the real Postgres, built as the app builds it: one
 * statement per wake when nothing is new or when less than a batch is, events past a gap wider than
 * a batch found by that one statement, and a token's gaps read once their events commit.
 */
class LogFetchesTest {
  @RegisterExtension static final AxonTestDatabase database = new AxonTestDatabase();

  private static final int BATCH = 20;

  record Said(int n) {}

  /** The engine's pool, counting the statements prepared on its connections. */
  private final CountingDataSource pool = new CountingDataSource(database.dataSource());

  private final AtomicInteger statements = pool.statements();

  private final ParleyEventStorageEngine engine = engine();

  @Test
  void aReadAtTheHeadWithNothingNewIsOneStatement() {
    String aggregate = UUID.randomUUID().toString();
    engine.appendEvents(events(aggregate, 0, 3));
    TrackingToken head = engine.createHeadToken();
    statements.set(0);

    assertThat(read(head)).isEmpty();

    assertThat(statements).as("statements for one read at the head").hasValue(1);
  }

  @Test
  void aReadAtTheHeadEndsWithTheFirstBatchThatIsNotFull() {
    String aggregate = UUID.randomUUID().toString();
    TrackingToken before = engine.createHeadToken();
    engine.appendEvents(events(aggregate, 0, BATCH + 3));
    statements.set(0);

    List<TrackedEventMessage<?>> read = read(before);

    assertThat(read).extracting(e -> ((Said) e.getPayload()).n()).hasSize(BATCH + 3);
    assertThat(read).extracting(e -> ((Said) e.getPayload()).n()).isSorted();
    assertThat(statements).as("a full batch, then the rest, and no empty read").hasValue(2);
  }

  @Test
  void eventsPastAGapWiderThanABatchAreFoundByOneStatement() throws Exception {
    String aggregate = UUID.randomUUID().toString();
    engine.appendEvents(events(aggregate, 0, 1));
    TrackingToken afterFirst = engine.createHeadToken();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      // As 300 rolled-back appends would leave it.
      statement.execute(
          "SELECT setval(pg_get_serial_sequence('domainevententry', 'globalindex'),"
              + " (SELECT max(globalindex) FROM domainevententry) + 15 * "
              + BATCH
              + ")");
    }
    engine.appendEvents(events(aggregate, 1, 1));
    statements.set(0);

    List<TrackedEventMessage<?>> read = read(afterFirst);

    assertThat(read).extracting(e -> ((Said) e.getPayload()).n()).containsExactly(1);
    assertThat(statements).hasValue(1);
  }

  @Test
  void aTokensGapIsReadOnceItsEventCommits() throws Exception {
    String aggregate = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    TrackingToken before = engine.createHeadToken();
    List<TrackedEventMessage<?>> first;
    try (Connection slow = database.dataSource().getConnection()) {
      slow.setAutoCommit(false);
      insertRaw(slow, other); // takes the next global index, not yet committed
      engine.appendEvents(events(aggregate, 0, 1)); // the index after it, committed
      first = read(before);
      slow.commit();
    }
    assertThat(first).extracting(e -> ((Said) e.getPayload()).n()).containsExactly(0);
    GapAwareTrackingToken afterFirst = (GapAwareTrackingToken) first.get(0).trackingToken();
    assertThat(afterFirst.getGaps()).hasSize(1);
    statements.set(0);

    List<TrackedEventMessage<?>> second = read(afterFirst);

    assertThat(second).extracting(e -> (Object) e.getPayload()).containsExactly("late");
    assertThat(((GapAwareTrackingToken) second.get(0).trackingToken()).getGaps()).isEmpty();
    assertThat(statements).hasValue(1);
  }

  private List<TrackedEventMessage<?>> read(TrackingToken from) {
    try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(from, true)) {
      return new ArrayList<>(stream.toList());
    }
  }

  private static List<DomainEventMessage<?>> events(String aggregate, int first, int count) {
    List<DomainEventMessage<?>> events = new ArrayList<>();
    for (int seq = first; seq < first + count; seq++) {
      events.add(new GenericDomainEventMessage<>("Thing", aggregate, seq, new Said(seq)));
    }
    return events;
  }

  private static void insertRaw(Connection connection, String aggregate) throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber,"
                + " type, timestamp, payloadtype, payloadrevision, payload, metadata)"
                + " VALUES (?, ?, 0, 'Thing', ?, 'java.lang.String', NULL, ?, ?)")) {
      insert.setString(1, UUID.randomUUID().toString());
      insert.setString(2, aggregate);
      insert.setString(3, java.time.Instant.now().toString());
      insert.setBytes(4, "\"late\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      insert.setBytes(5, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      insert.executeUpdate();
    }
  }

  private ParleyEventStorageEngine engine() {
    AutocommitReads transactions = database.transactions();
    return new ParleyEventStorageEngine(
        database
            .engineBuilder(transactions)
            .connectionProvider(new SpringDataSourceConnectionProvider(pool))
            .batchSize(BATCH),
        EventSchema.builder().build(),
        transactions,
        null,
        List.of(),
        null,
        BATCH,
        true);
  }
}
