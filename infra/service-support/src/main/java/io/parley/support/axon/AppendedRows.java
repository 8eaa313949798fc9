package io.parley.support.axon;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.axonframework.eventhandling.EventMessage;

/**
 * Rows of a write model that an event brings, stored by the statement that appends the event
 * (docs/adr/0209): the event and its rows reach Postgres in one round trip, and a failure of either
 * fails both. A bean of this type is used by the JDBC event store ({@link
 * ParleyEventStorageEngine}); with Axon Server the write model keeps its rows in its own handlers.
 */
public interface AppendedRows {

  /** The row {@code event} brings, or {@code null} when it brings none. */
  Row rowOf(EventMessage<?> event);

  /**
   * What a failed append means to this write model (such as "this is a retry of an earlier
   * message"), or {@code null} when the failure is not about its rows: Axon's handling follows.
   */
  RuntimeException failure(SQLException failure);

  /**
   * An {@code INSERT} with its own {@code ?} placeholders, appended to the event's insert as one
   * statement; {@code values} binds them from parameter {@code first} on.
   */
  record Row(String insert, Values values) {}

  /** Binds a row's values. */
  @FunctionalInterface
  interface Values {
    void bind(PreparedStatement statement, int first) throws SQLException;
  }
}
