package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows a write model keeps for an event are stored by the statement that appends the event, on
 * the real Postgres (docs/adr/0209): both or neither, the write model's reading of its own failures
 * first, Axon's reading of a concurrent append kept.
 */
class AppendedRowsTest {
  @RegisterExtension static final AxonTestDatabase database = new AxonTestDatabase();

  record Sent(String clientId, String text) {}

  record Joined(String who) {}

  /** What the write model makes of a retried client id. */
  static final class Retried extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** A {@code Sent} brings a row keyed by its client id; nothing else brings one. */
  static final AppendedRows SENT_ROWS =
      new AppendedRows() {
        @Override
        public Row rowOf(EventMessage<?> event) {
          if (!(event.getPayload() instanceof Sent sent)) {
            return null;
          }
          return new Row(
              "INSERT INTO sent_row (client_id, text) VALUES (?, ?)",
              (statement, first) -> {
                statement.setString(first, sent.clientId());
                statement.setString(first + 1, sent.text());
              });
        }

        @Override
        public RuntimeException failure(SQLException failure) {
          return "23505".equals(failure.getSQLState())
                  && String.valueOf(failure.getMessage()).contains("sent_row_pkey")
              ? new Retried()
              : null;
        }
      };

  static JdbcEventStorageEngine engine;
  static JdbcTemplate jdbc;

  @BeforeAll
  static void createTheWriteModelTable() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sent_row (client_id text PRIMARY KEY, text text NOT NULL)");
    }
    jdbc = new JdbcTemplate(database.dataSource());
    AutocommitReads transactions = database.transactions();
    engine =
        new ParleyEventStorageEngine(
            database.engineBuilder(transactions),
            EventSchema.builder().build(),
            transactions,
            null,
            List.of(SENT_ROWS),
            null,
            100,
            true);
  }

  private static GenericDomainEventMessage<Object> event(String aggregate, long seq, Object p) {
    return new GenericDomainEventMessage<>("Thing", aggregate, seq, p);
  }

  private static List<Object> stream(String aggregate) {
    List<Object> payloads = new ArrayList<>();
    engine.readEvents(aggregate).asStream().forEach(e -> payloads.add(e.getPayload()));
    return payloads;
  }

  private static String rowText(String clientId) {
    List<String> texts =
        jdbc.queryForList("SELECT text FROM sent_row WHERE client_id = ?", String.class, clientId);
    return texts.isEmpty() ? null : texts.get(0);
  }

  @Test
  void anEventAndItsRowAreStoredTogetherAndReadBackAsAxonWroteThem() {
    String aggregate = UUID.randomUUID().toString();
    String clientId = UUID.randomUUID().toString();
    engine.appendEvents(List.of(event(aggregate, 0, new Joined("a"))));
    engine.appendEvents(List.of(event(aggregate, 1, new Sent(clientId, "hello"))));

    assertThat(stream(aggregate)).containsExactly(new Joined("a"), new Sent(clientId, "hello"));
    assertThat(rowText(clientId)).isEqualTo("hello");
    var stored =
        jdbc.queryForMap(
            "SELECT type, payloadtype, timestamp FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND sequencenumber = 1",
            aggregate);
    assertThat(stored.get("type")).isEqualTo("Thing");
    assertThat(stored.get("payloadtype")).isEqualTo(Sent.class.getName());
    assertThat((String) stored.get("timestamp")).endsWith("Z");
  }

  @Test
  void aRowTheWriteModelRefusesStoresNoEventAndFailsAsTheWriteModelSays() {
    String aggregate = UUID.randomUUID().toString();
    String clientId = UUID.randomUUID().toString();
    engine.appendEvents(List.of(event(aggregate, 0, new Sent(clientId, "first"))));

    Throwable retry =
        catchThrowable(
            () -> engine.appendEvents(List.of(event(aggregate, 1, new Sent(clientId, "again")))));

    assertThat(retry).isInstanceOf(Retried.class);
    assertThat(stream(aggregate)).containsExactly(new Sent(clientId, "first"));
    assertThat(rowText(clientId)).isEqualTo("first");
  }

  @Test
  void aConcurrentAppendIsStillAConcurrencyExceptionAndStoresNoRow() {
    String aggregate = UUID.randomUUID().toString();
    engine.appendEvents(
        List.of(event(aggregate, 0, new Joined("a")), event(aggregate, 1, new Joined("b"))));
    String clientId = UUID.randomUUID().toString();

    Throwable raced =
        catchThrowable(
            () -> engine.appendEvents(List.of(event(aggregate, 1, new Sent(clientId, "x")))));

    assertThat(raced).isInstanceOf(ConcurrencyException.class);
    assertThat(rowText(clientId)).isNull();
  }

  @Test
  void severalEventsInOneAppendStoreEachRowAndEveryEvent() {
    String aggregate = UUID.randomUUID().toString();
    String one = UUID.randomUUID().toString();
    String two = UUID.randomUUID().toString();
    engine.appendEvents(
        List.of(
            event(aggregate, 0, new Joined("a")),
            event(aggregate, 1, new Sent(one, "one")),
            event(aggregate, 2, new Sent(two, "two"))));

    assertThat(stream(aggregate))
        .containsExactly(new Joined("a"), new Sent(one, "one"), new Sent(two, "two"));
    assertThat(rowText(one)).isEqualTo("one");
    assertThat(rowText(two)).isEqualTo("two");
  }

  @Test
  void eventsThatBringNoRowAreAppendedAsAxonAppendsThem() {
    String aggregate = UUID.randomUUID().toString();
    engine.appendEvents(List.of(event(aggregate, 0, new Joined("a"))));
    engine.appendEvents(
        List.of(event(aggregate, 1, new Joined("b")), event(aggregate, 2, new Joined("c"))));
    assertThat(stream(aggregate))
        .containsExactly(new Joined("a"), new Joined("b"), new Joined("c"));
  }
}
