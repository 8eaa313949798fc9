package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A long stream is read as its {@link StreamTail} allows, on the real Postgres: every event of the
 * other types, the tail-only types from the window's first event on, in stream order, ending with
 * the stream's last event (its version); a short stream, or one read from a snapshot on, as before.
 */
class TailReadingEventStorageEngineTest {
  @RegisterExtension static final AxonTestDatabase database = new AxonTestDatabase();

  record Joined(String who) {}

  record Sent(int n) {}

  record Edited(int n) {}

  static final StreamTail TAIL =
      new StreamTail(Sent.class.getName(), 3, Set.of(Sent.class.getName(), Edited.class.getName()));

  @Test
  void aLongStreamIsReadFromItsOtherEventsAndItsWindow() {
    JdbcEventStorageEngine engine = engine(TAIL);
    String aggregate = UUID.randomUUID().toString();
    List<Object> payloads = new ArrayList<>();
    payloads.add(new Joined("a"));
    for (int n = 1; n <= 10; n++) {
      payloads.add(new Sent(n));
      payloads.add(new Edited(n));
    }
    payloads.add(new Joined("b"));
    for (int n = 11; n <= 20; n++) {
      payloads.add(new Sent(n));
    }
    payloads.add(new Edited(12));
    append(engine, aggregate, payloads);

    assertThat(payloads(engine.readEvents(aggregate)))
        .as("outside an aggregate's load (the verifier, the audit) the whole stream")
        .containsExactlyElementsOf(payloads);
    DomainEventStream stream =
        ParleyEventStorageEngine.loadingAnAggregate(() -> engine.readEvents(aggregate));
    List<Object> read = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    stream
        .asStream()
        .forEach(
            event -> {
              read.add(event.getPayload());
              sequences.add(event.getSequenceNumber());
            });

    assertThat(read)
        .containsExactly(
            new Joined("a"),
            new Joined("b"),
            new Sent(18),
            new Sent(19),
            new Sent(20),
            new Edited(12));
    assertThat(sequences).isSorted();
    assertThat(stream.getLastSequenceNumber())
        .as("the version is the stream's last event's")
        .isEqualTo(payloads.size() - 1L);
  }

  @Test
  void aStreamShorterThanTheWindowIsReadWhole() {
    JdbcEventStorageEngine engine = engine(TAIL);
    String aggregate = UUID.randomUUID().toString();
    List<Object> payloads =
        List.of(new Joined("a"), new Sent(1), new Edited(1), new Sent(2), new Edited(2));
    append(engine, aggregate, payloads);

    assertThat(payloads(engine.readEvents(aggregate))).containsExactlyElementsOf(payloads);
  }

  @Test
  void aReadFromASnapshotOnSkipsOnlyWhatFollowsIt() {
    JdbcEventStorageEngine engine = engine(TAIL);
    String aggregate = UUID.randomUUID().toString();
    List<Object> payloads = new ArrayList<>();
    payloads.add(new Joined("a"));
    for (int n = 1; n <= 6; n++) {
      payloads.add(new Sent(n));
    }
    payloads.add(new Joined("b"));
    for (int n = 7; n <= 12; n++) {
      payloads.add(new Sent(n));
    }
    append(engine, aggregate, payloads);

    // from seq 3 (Sent(3)) on: Joined(b) is kept, Sent 3..9 fall before the window
    assertThat(
            payloads(
                ParleyEventStorageEngine.loadingAnAggregate(() -> engine.readEvents(aggregate, 3))))
        .containsExactly(new Joined("b"), new Sent(10), new Sent(11), new Sent(12));
  }

  @Test
  void withoutATailEveryEventIsRead() {
    JdbcEventStorageEngine plain = engine(null);
    String aggregate = UUID.randomUUID().toString();
    List<Object> payloads = new ArrayList<>();
    for (int n = 1; n <= 8; n++) {
      payloads.add(new Sent(n));
    }
    append(plain, aggregate, payloads);

    assertThat(plain.readEvents(aggregate).asStream().count()).isEqualTo(8);
  }

  /** The store's own tail-only list matches the index's predicate, so other events come from it. */
  @Test
  void theConversationsOtherEventsAreReadThroughThePartialIndex() throws Exception {
    StreamTail conversations =
        new StreamTail(
            "io.parley.events.message.MessageSentEvent",
            512,
            Set.of(
                "io.parley.events.message.MessageSentEvent",
                "io.parley.events.message.MessageEditedEvent",
                "io.parley.events.message.MessageDeletedEvent",
                "io.parley.events.message.ReactionAddedEvent",
                "io.parley.events.message.ReactionRemovedEvent"));
    ParleyEventStorageEngine engine = (ParleyEventStorageEngine) engine(conversations);

    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET enable_seqscan = off");
      String sql =
          engine
              .otherEventsSql()
              .replaceFirst("\\?", "'x'")
              .replaceFirst("\\?", "0")
              .replaceFirst("\\?", "100");
      StringBuilder plan = new StringBuilder();
      try (ResultSet rows = statement.executeQuery("EXPLAIN " + sql)) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      }
      assertThat(plan.toString()).contains("domainevententry_dense");
    }
  }

  private static List<Object> payloads(DomainEventStream stream) {
    List<Object> payloads = new ArrayList<>();
    stream.asStream().forEach(event -> payloads.add(event.getPayload()));
    return payloads;
  }

  private static void append(
      JdbcEventStorageEngine engine, String aggregate, List<Object> payloads) {
    List<DomainEventMessage<?>> events = new ArrayList<>();
    for (int seq = 0; seq < payloads.size(); seq++) {
      events.add(new GenericDomainEventMessage<>("Thing", aggregate, seq, payloads.get(seq)));
    }
    engine.appendEvents(events);
  }

  private static JdbcEventStorageEngine engine(StreamTail tail) {
    AutocommitReads transactions = database.transactions();
    JdbcEventStorageEngine.Builder builder = database.engineBuilder(transactions);
    return tail == null
        ? builder.build()
        : new ParleyEventStorageEngine(
            builder, EventSchema.builder().build(), transactions, tail, List.of(), null, 100, true);
  }
}
