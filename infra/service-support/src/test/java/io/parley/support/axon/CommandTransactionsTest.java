package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A command's own transaction commits in its append's round trip (docs/adr/0228), on the real
 * Postgres, with Axon's command bus, event store and connection handling as the app has them. What
 * shows it: once the event is appended, before the unit of work reaches its commit, another
 * connection already sees the event and its row. A command sent within a transaction leaves that
 * transaction to its owner, and a refused append stores nothing.
 */
class CommandTransactionsTest {
  @RegisterExtension static final AxonTestDatabase database = new AxonTestDatabase();

  /** Appends {@code event}, then reports what another connection sees of it. */
  record Append(GenericDomainEventMessage<?> event, AtomicReference<Boolean> seenBeforeCommit) {}

  static JdbcTemplate jdbc;
  static CommandGateway gateway;
  static TransactionTemplate outer;
  static ParleyEventStorageEngine engine;
  static CountingDataSource pool;

  @BeforeAll
  static void theCommandSide() throws Exception {
    jdbc = new JdbcTemplate(database.dataSource());
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS sent_row (client_id text PRIMARY KEY, text text NOT NULL)");
    // The engine's connections are counted; transactions must be bound to the same pool.
    pool = new CountingDataSource(database.dataSource());
    DataSourceTransactionManager spring = new DataSourceTransactionManager(pool);
    SpringTransactionManager transactions = new SpringTransactionManager(spring);
    engine =
        new ParleyEventStorageEngine(
            database
                .engineBuilder(new AutocommitReads(transactions))
                .connectionProvider(
                    new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(pool))),
            EventSchema.builder().build(),
            new AutocommitReads(transactions),
            null,
            List.of(AppendedRowsTest.SENT_ROWS),
            null,
            100,
            true);
    EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
    SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(transactions).build();
    bus.subscribe(
        Append.class.getName(),
        command -> {
          Append append = (Append) command.getPayload();
          store.publish(append.event());
          // after the store's own step of the commit's preparation, which appends the event
          CurrentUnitOfWork.get()
              .onPrepareCommit(
                  u -> append.seenBeforeCommit().set(stored(append.event()) && rowOf(append)));
          return null;
        });
    gateway =
        new LocalFailuresCommandGateway(DefaultCommandGateway.builder().commandBus(bus).build());
    outer = new TransactionTemplate(spring);
  }

  private static Append append(String clientId) {
    return new Append(
        new GenericDomainEventMessage<>(
            "Thing", UUID.randomUUID().toString(), 0, new AppendedRowsTest.Sent(clientId, "hello")),
        new AtomicReference<>());
  }

  /** Whether another connection sees the event. */
  private static boolean stored(GenericDomainEventMessage<?> event) {
    return seenElsewhere(
        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
        event.getAggregateIdentifier());
  }

  private static boolean rowOf(Append append) {
    return seenElsewhere(
        "SELECT count(*) FROM sent_row WHERE client_id = ?",
        ((AppendedRowsTest.Sent) append.event().getPayload()).clientId());
  }

  /**
   * One row counted on a connection of its own: not the one a transaction of this thread holds
   * (which would see its own uncommitted writes).
   */
  private static boolean seenElsewhere(String count, String key) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(count)) {
      statement.setString(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1) == 1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCommandSentOutsideAnyTransactionIsCommittedByItsAppend() {
    Append append = append(UUID.randomUUID().toString());

    gateway.sendAndWait(append);

    assertThat(append.seenBeforeCommit()).hasValue(true);
    assertThat(stored(append.event())).isTrue();
  }

  @Test
  void aCommandSentWithinATransactionLeavesItsCommitToThatTransaction() {
    Append append = append(UUID.randomUUID().toString());

    outer.executeWithoutResult(
        status -> {
          gateway.sendAndWait(append);
          status.setRollbackOnly();
        });

    assertThat(append.seenBeforeCommit()).as("not committed with the append").hasValue(false);
    assertThat(stored(append.event())).as("rolled back with the outer transaction").isFalse();
    assertThat(rowOf(append)).isFalse();
  }

  @Test
  void anAppendTheWriteModelRefusesStoresNothingAndTheNextCommandIsCommittedAsUsual() {
    String clientId = UUID.randomUUID().toString();
    Append first = append(clientId);
    gateway.sendAndWait(first);
    Append again = append(clientId);

    Throwable refused = catchThrowable(() -> gateway.sendAndWait(again));

    assertThat(refused).isInstanceOf(AppendedRowsTest.Retried.class);
    assertThat(stored(again.event())).isFalse();
    Append next = append(UUID.randomUUID().toString());
    gateway.sendAndWait(next);
    assertThat(next.seenBeforeCommit()).hasValue(true);
  }

  // ---- the producer's read of committed appends (docs/adr/0233) ----------------------------

  /** A send of a new client message id, committed by its statement. */
  private static Append sent() {
    Append append = append(UUID.randomUUID().toString());
    gateway.sendAndWait(append);
    return append;
  }

  private static long indexOf(Append append) {
    return jdbc.queryForObject(
        "SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ?",
        Long.class,
        append.event().getAggregateIdentifier());
  }

  /** The token a reader has after {@code append}, its gaps all filled. */
  private static GapAwareTrackingToken after(Append append) {
    return GapAwareTrackingToken.newInstance(indexOf(append), Collections.emptySortedSet());
  }

  /** What the event store's producer reads after {@code token}, and the statements it took. */
  private static List<TrackedEventMessage<?>> producerRead(TrackingToken token) {
    pool.reset();
    try (Stream<? extends TrackedEventMessage<?>> read = engine.readEvents(token, true)) {
      return new ArrayList<>(read.toList());
    }
  }

  private static List<String> identifiers(List<TrackedEventMessage<?>> events) {
    return events.stream().map(TrackedEventMessage::getIdentifier).toList();
  }

  @Test
  void aSendItsStatementCommittedIsReadByTheProducerWithoutAStatement() {
    Append first = sent();
    Append second = sent();

    List<TrackedEventMessage<?>> read = producerRead(after(first));

    assertThat(pool.statements()).as("statements of the producer's read").hasValue(0);
    assertThat(identifiers(read)).containsExactly(second.event().getIdentifier());
    assertThat(read.get(0).getPayload()).isEqualTo(second.event().getPayload());
    List<TrackedEventMessage<?>> fromTheLog;
    try (Stream<? extends TrackedEventMessage<?>> log = engine.readEvents(after(first), false)) {
      fromTheLog = new ArrayList<>(log.toList());
    }
    assertThat(read.get(0).trackingToken()).isEqualTo(fromTheLog.get(0).trackingToken());
    assertThat(read.get(0).getTimestamp()).isEqualTo(fromTheLog.get(0).getTimestamp());
    assertThat(read.get(0).getMetaData()).isEqualTo(fromTheLog.get(0).getMetaData());
    assertThat(read.get(0).getPayload()).isEqualTo(fromTheLog.get(0).getPayload());
    assertThat(read.get(0).getPayloadType()).isEqualTo(fromTheLog.get(0).getPayloadType());
    assertThat(((DomainEventMessage<?>) read.get(0)).getAggregateIdentifier())
        .isEqualTo(second.event().getAggregateIdentifier());
  }

  @Test
  void aSendCommittedByAnOuterTransactionIsReadFromTheLogAndARolledBackOneNever() {
    Append first = sent();
    Append committedLater = append(UUID.randomUUID().toString());
    Append rolledBack = append(UUID.randomUUID().toString());

    outer.executeWithoutResult(status -> gateway.sendAndWait(committedLater));
    outer.executeWithoutResult(
        status -> {
          gateway.sendAndWait(rolledBack);
          status.setRollbackOnly();
        });
    List<TrackedEventMessage<?>> read = producerRead(after(first));

    assertThat(identifiers(read)).containsExactly(committedLater.event().getIdentifier());
    assertThat(pool.statements()).as("read from the log").hasValue(1);
  }

  @Test
  void anotherWritersEventBetweenTwoSendsIsReadFromTheLogInItsPlace() {
    Append first = sent();
    String elsewhere = UUID.randomUUID().toString();
    jdbc.update(
        "INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type,"
            + " timestamp, payloadtype, payloadrevision, payload, metadata)"
            + " VALUES (?, ?, 0, 'Thing', ?, 'java.lang.String', NULL, ?, ?)",
        elsewhere,
        UUID.randomUUID().toString(),
        java.time.Instant.now().toString(),
        "\"there\"".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Append second = sent();

    List<TrackedEventMessage<?>> read = producerRead(after(first));

    assertThat(identifiers(read)).containsExactly(elsewhere, second.event().getIdentifier());
    assertThat(pool.statements()).hasValue(1);
  }

  @Test
  void aReaderWhoseTokenHasAGapReadsTheLog() {
    Append first = sent();
    Append second = sent();
    long index = indexOf(first);
    TrackingToken withAGap =
        GapAwareTrackingToken.newInstance(index, new java.util.TreeSet<>(List.of(index - 1)));

    List<TrackedEventMessage<?>> read = producerRead(withAGap);

    assertThat(identifiers(read)).endsWith(second.event().getIdentifier());
    assertThat(pool.statements()).hasValue(1);
  }

  // ---- a reader that takes commits (docs/adr/0236) ------------------------------------------

  /**
   * A store beside the command side's, on the same engine, that lets readers take commits: the
   * command side's commits never signal its producer, which reads only when woken or after {@code
   * fetchDelayMillis}.
   */
  private static WakeableEventStore takingCommits(long fetchDelayMillis) {
    WakeableEventStore store =
        new WakeableEventStore(
            EmbeddedEventStore.builder().storageEngine(engine).fetchDelay(fetchDelayMillis));
    store.wakeReadersAfterHeadReads(engine);
    store.letReadersTakeCommits(engine);
    return store;
  }

  private static boolean waitFor(BlockingStream<TrackedEventMessage<?>> stream, long seconds) {
    try {
      return stream.hasNextAvailable((int) seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aReaderTakingCommitsIsWokenByTheCommitItselfAndGetsEachSendOnce() throws Exception {
    WakeableEventStore store = takingCommits(600_000);
    try (BlockingStream<TrackedEventMessage<?>> stream =
        store.takingCommits().openStream(store.createHeadToken())) {
      assertThat(stream.hasNextAvailable()).isFalse(); // tails the store: its producer waits
      CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> waitFor(stream, 30));
      Thread.sleep(100);

      Append first = sent();

      assertThat(waited.get(10, TimeUnit.SECONDS)).as("woken, its producer asleep").isTrue();
      TrackedEventMessage<?> taken = stream.nextAvailable();
      assertThat(taken.getIdentifier()).isEqualTo(first.event().getIdentifier());
      assertThat(taken.getPayload()).isEqualTo(first.event().getPayload());
      assertThat(taken.trackingToken()).isEqualTo(after(first));

      store.wake(); // the producer reads the first send too: the stream skips its copy
      Append second = sent();
      store.wake();

      assertThat(waitFor(stream, 10)).isTrue();
      assertThat(stream.nextAvailable().getIdentifier()).isEqualTo(second.event().getIdentifier());
      store.wake();
      assertThat(waitFor(stream, 1)).as("nothing twice").isFalse();
    } finally {
      store.shutDown();
    }
  }

  @Test
  void sendsCommittedOnManyThreadsReachAReaderTakingCommitsOnceEachAndInTheirOrder()
      throws Exception {
    WakeableEventStore store = takingCommits(2); // its producer reads all the time as well
    int senders = 4;
    int each = 25;
    try (BlockingStream<TrackedEventMessage<?>> stream =
        store.takingCommits().openStream(store.createHeadToken())) {
      assertThat(stream.hasNextAvailable()).isFalse();
      List<List<String>> sentBy = new ArrayList<>();
      List<CompletableFuture<Void>> sending = new ArrayList<>();
      for (int sender = 0; sender < senders; sender++) {
        List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        sentBy.add(ids);
        sending.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < each; i++) {
                    ids.add(sent().event().getIdentifier());
                  }
                },
                Executors.newSingleThreadExecutor()));
      }
      List<String> received = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (received.size() < senders * each && System.nanoTime() < deadline) {
        if (waitFor(stream, 1)) {
          received.add(stream.nextAvailable().getIdentifier());
        }
      }
      CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(waitFor(stream, 1)).as("nothing twice").isFalse();

      assertThat(received).doesNotHaveDuplicates().hasSize(senders * each);
      for (List<String> ids : sentBy) {
        assertThat(received.stream().filter(ids::contains).toList())
            .as("one sender's sends in the order they were sent")
            .containsExactlyElementsOf(ids);
      }
    } finally {
      store.shutDown();
    }
  }
}
