package io.parley.query.rebuild;

import io.parley.support.admin.ReadModelRebuildStatus;
import io.parley.support.axon.StoredPositions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays that never touch the live tables (docs/adr/0100). Resetting a processor creates a schema
 * of its own holding empty copies of its tables and records the rebuild; while that record exists,
 * every batch of the processor runs with the rebuild schema first on its {@code search_path}, so
 * the projections' unqualified SQL writes the copies while the read endpoints keep serving the old,
 * correct rows. Once every segment's committed position is past the replay, one transaction
 * replaces the live rows with the rebuilt ones and drops the schema: readers see the old rows until
 * it commits and the new ones after.
 *
 * <p>Batches take the rebuild record {@code FOR SHARE} and the swap takes it {@code FOR UPDATE}, so
 * a swap waits for every batch writing the copies to commit, and a batch that starts during the
 * swap waits for it and then writes the live tables.
 */
public class ReadModelRebuilds implements ReadModelRebuildStatus {
  private static final Logger log = LoggerFactory.getLogger(ReadModelRebuilds.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final StoredPositions positions;
  private final Map<String, List<String>> tablesByProcessor;

  /** {@code tablesByProcessor}: the Postgres tables each rebuilt processor owns. */
  public ReadModelRebuilds(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Serializer tokenSerializer,
      Map<String, List<String>> tablesByProcessor) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.positions = new StoredPositions(jdbc, tokenSerializer);
    this.tablesByProcessor = Map.copyOf(tablesByProcessor);
  }

  static String schemaOf(String processor) {
    return "rebuild_" + processor.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
  }

  /**
   * Called from the processor's reset handler, inside the transaction that resets its tokens: the
   * copies and the record commit with the replay's start, or not at all.
   */
  public void begin(String processor) {
    String schema = schemaOf(processor);
    jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    jdbc.execute("CREATE SCHEMA " + schema);
    for (String table : tables(processor)) {
      jdbc.execute("CREATE TABLE " + schema + "." + table + " (LIKE " + table + " INCLUDING ALL)");
    }
    jdbc.update(
        "INSERT INTO read_model_rebuild (processor, schema_name) VALUES (?, ?)"
            + " ON CONFLICT (processor) DO UPDATE SET schema_name = EXCLUDED.schema_name,"
            + " started_at = now()",
        processor,
        schema);
  }

  @Override
  public boolean rebuilding(String processor) {
    return tablesByProcessor.containsKey(processor) && schemaIfRebuilding(processor, "") != null;
  }

  /**
   * Points each batch of {@code processor} at its rebuild schema while one exists: checked once per
   * batch, inside the batch's transaction.
   */
  public MessageHandlerInterceptor<EventMessage<?>> interceptor(String processor) {
    String key = ReadModelRebuilds.class.getName() + "/" + processor;
    return (unitOfWork, chain) -> {
      unitOfWork.getOrComputeResource(
          key,
          k -> {
            String schema = schemaIfRebuilding(processor, " FOR SHARE");
            if (schema != null) {
              jdbc.queryForObject(
                  "SELECT set_config('search_path', ? || ', ' || current_setting('search_path'),"
                      + " true)",
                  String.class,
                  schema);
            }
            return schema == null ? "" : schema;
          });
      return chain.proceed();
    };
  }

  /** Swaps every rebuilt read model whose replay is over; returns how many it swapped. */
  public int swapFinished() {
    int swapped = 0;
    for (String processor : tablesByProcessor.keySet()) {
      if (rebuilding(processor) && replayOver(processor)) {
        Boolean done = transactions.execute(status -> swap(processor));
        if (Boolean.TRUE.equals(done)) {
          swapped++;
          log.info("Rebuilt read model of {} replaced the live tables", processor);
        }
      }
    }
    return swapped;
  }

  private boolean swap(String processor) {
    String schema = schemaIfRebuilding(processor, " FOR UPDATE");
    if (schema == null || !replayOver(processor)) {
      return false;
    }
    for (String table : tables(processor)) {
      String columns =
          String.join(
              ", ",
              jdbc.queryForList(
                  "SELECT quote_ident(column_name) FROM information_schema.columns"
                      + " WHERE table_schema = ? AND table_name = ? AND is_generated = 'NEVER'"
                      + " ORDER BY ordinal_position",
                  String.class,
                  schema,
                  table));
      // DELETE, not TRUNCATE: readers keep seeing the old rows until this transaction commits.
      jdbc.update("DELETE FROM " + table);
      jdbc.update(
          "INSERT INTO "
              + table
              + " ("
              + columns
              + ") SELECT "
              + columns
              + " FROM "
              + schema
              + "."
              + table);
    }
    jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
    jdbc.update("DELETE FROM read_model_rebuild WHERE processor = ?", processor);
    return true;
  }

  /**
   * Every segment has committed a position at or past the one it was reset at. A segment that has
   * handled exactly up to its reset position still holds a replay token until a later event comes,
   * which on a quiet system may be never: its replay is over all the same.
   */
  private boolean replayOver(String processor) {
    List<StoredPositions.Position> stored = positions.of(processor);
    return !stored.isEmpty() && stored.stream().allMatch(p -> pastReplay(p.token()));
  }

  private static boolean pastReplay(TrackingToken token) {
    if (token instanceof ReplayToken replay) {
      TrackingToken current = replay.getCurrentToken();
      return current != null && current.covers(replay.getTokenAtReset());
    }
    return token != null;
  }

  private String schemaIfRebuilding(String processor, String lock) {
    return jdbc
        .queryForList(
            "SELECT schema_name FROM read_model_rebuild WHERE processor = ?" + lock,
            String.class,
            processor)
        .stream()
        .findFirst()
        .orElse(null);
  }

  private List<String> tables(String processor) {
    List<String> tables = tablesByProcessor.get(processor);
    if (tables == null) {
      throw new IllegalArgumentException("No rebuilt tables for processor " + processor);
    }
    return tables;
  }
}
