package io.parley.support.axon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * How a processor's fetch reads the log (docs/adr/0231): the next {@code batchSize} events after
 * the token's index, however far ahead they are, in one statement.
 *
 * <p>Axon's default reads a window of {@code batchSize} global indexes after the token, and when
 * the window is empty it asks the table for the lowest index beyond it and reads again, since
 * events past a wider gap (rolled-back appends) would otherwise never be found. At the head of the
 * log every wake ends in an empty read, so every wake paid that second query. A read that is
 * ordered and limited instead of windowed finds the events past any gap itself, which makes the
 * extra query unnecessary: the engine is built with it off.
 *
 * <p>The gaps a token still waits for are passed as one array parameter, so the statement's text is
 * the same whatever their number and the driver prepares it once; Axon's default spells out one
 * placeholder per gap.
 */
final class LogFetches {
  private LogFetches() {}

  /** Configures {@code builder}'s reads of the log as described above. */
  static JdbcEventStorageEngine.Builder apply(JdbcEventStorageEngine.Builder builder) {
    return builder
        .readEventDataWithoutGaps(LogFetches::after)
        .readEventDataWithGaps(LogFetches::afterAndGaps)
        .extendedGapCheckEnabled(false);
  }

  /** The first {@code batchSize} events after {@code index}, in log order. */
  static PreparedStatement after(
      Connection connection, EventSchema schema, long index, int batchSize) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(nextEvents(schema));
    statement.setLong(1, index);
    statement.setInt(2, batchSize);
    return statement;
  }

  /**
   * The events at the token's {@code gaps} (all below {@code index}) that have since been
   * committed, then the first {@code batchSize} events after {@code index}, in log order.
   */
  static PreparedStatement afterAndGaps(
      Connection connection, EventSchema schema, long index, int batchSize, List<Long> gaps)
      throws SQLException {
    PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + schema.trackedEventFields()
                + " FROM "
                + schema.domainEventTable()
                + " WHERE "
                + schema.globalIndexColumn()
                + " = ANY (?) UNION ALL ("
                + nextEvents(schema)
                + ") ORDER BY "
                + schema.globalIndexColumn());
    statement.setArray(1, connection.createArrayOf("bigint", gaps.toArray()));
    statement.setLong(2, index);
    statement.setInt(3, batchSize);
    return statement;
  }

  private static String nextEvents(EventSchema schema) {
    return "SELECT "
        + schema.trackedEventFields()
        + " FROM "
        + schema.domainEventTable()
        + " WHERE "
        + schema.globalIndexColumn()
        + " > ? ORDER BY "
        + schema.globalIndexColumn()
        + " LIMIT ?";
  }
}
