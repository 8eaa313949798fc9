package io.parley.query.message;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Repository;

/**
 * Reaction counts of single messages, e.g. the last message of each inbox row, read in parallel.
 */
@Repository
public class Reactions {
  public record Key(UUID conversationId, long seq) {}

  private final CqlSession session;
  private final PreparedStatement select;

  Reactions(CqlSession session) {
    this.session = session;
    this.select =
        session.prepare(
            "SELECT reactions FROM messages_by_conversation WHERE conversation_id = ?"
                + " AND bucket = ? AND seq = ?");
  }

  /** Counts per emoji for each key; a message without reactions maps to an empty map. */
  public Map<Key, Map<String, Integer>> of(List<Key> keys) {
    List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>(keys.size());
    for (Key key : keys) {
      reads.add(
          session
              .executeAsync(
                  select.bind(key.conversationId(), TimelineBuckets.of(key.seq()), key.seq()))
              .toCompletableFuture());
    }
    Map<Key, Map<String, Integer>> counts = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      Row row = reads.get(i).join().one();
      counts.put(
          keys.get(i),
          row == null || row.isNull(0) ? Map.of() : Map.copyOf(row.get(0, CqlTypes.REACTIONS)));
    }
    return counts;
  }
}
