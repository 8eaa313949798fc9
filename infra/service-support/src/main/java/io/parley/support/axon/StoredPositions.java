package io.parley.support.axon;

import java.util.Collection;
import java.util.List;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The positions processors have committed to Axon's token store, segment by segment. Read from the
 * store rather than from a processor's in-memory status: the store counts segments other instances
 * own, and a worker in retry mode withdraws its in-memory status for a while.
 */
public final class StoredPositions {
  /** One segment's committed position; {@code token} is null before its first event. */
  public record Position(int segment, TrackingToken token) {}

  private final JdbcTemplate jdbc;
  private final Serializer serializer;

  /** {@code serializer}: the one the token store uses (the bean named "serializer"). */
  public StoredPositions(JdbcTemplate jdbc, Serializer serializer) {
    this.jdbc = jdbc;
    this.serializer = serializer;
  }

  /** Every segment of {@code processor} the store holds; empty when it keeps no position here. */
  public List<Position> of(String processor) {
    return jdbc.query(
        "SELECT segment, token, tokentype FROM tokenentry WHERE processorname = ?",
        (row, n) -> {
          byte[] token = row.getBytes("token");
          String type = row.getString("tokentype");
          return new Position(
              row.getInt("segment"),
              token == null || type == null
                  ? null
                  : serializer.<byte[], TrackingToken>deserialize(
                      new SimpleSerializedObject<>(token, byte[].class, type, null)));
        },
        processor);
  }

  /**
   * Whether every segment of {@code processor} has handled everything up to {@code target}: by the
   * committed positions, or, for a processor that stores none (it starts at the head), by its
   * in-memory status.
   */
  public boolean cover(StreamingEventProcessor processor, TrackingToken target) {
    Collection<TrackingToken> tokens =
        of(processor.getName()).stream().map(Position::token).toList();
    if (tokens.isEmpty()) {
      tokens =
          processor.processingStatus().values().stream()
              .map(EventTrackerStatus::getTrackingToken)
              .toList();
    }
    return !tokens.isEmpty()
        && tokens.stream().allMatch(token -> token != null && token.covers(target));
  }
}
