package io.parley.query.conversation;

import io.parley.events.message.DeliveryMarkers;
import io.parley.events.message.FindDeliveryMarkersQuery;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The members' read and delivered markers of one conversation, so receipts ("Read by N", delivered)
 * survive a reload (docs/adr/0164). Read markers come from the inbox read model of this service;
 * delivered markers are the push service's own, asked for with {@link FindDeliveryMarkersQuery} and
 * never read from its tables (docs/adr/0097). Only current members' markers are listed, and only
 * markers past zero.
 */
@Component
class Receipts {
  @Schema(name = "ReceiptMarker")
  record Marker(UUID userId, long seq) {}

  record Markers(List<Marker> read, List<Marker> delivered) {}

  static final Duration ASK_FOR = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(Receipts.class);

  private final JdbcTemplate jdbc;
  private final QueryGateway queries;

  Receipts(JdbcTemplate jdbc, QueryGateway queries) {
    this.jdbc = jdbc;
    this.queries = queries;
  }

  Markers of(UUID conversationId) {
    List<Marker> read =
        jdbc.query(
            "SELECT m.user_id, e.read_seq FROM directory_membership m"
                + " JOIN inbox_entry e"
                + "   ON e.conversation_id = m.conversation_id AND e.user_id = m.user_id"
                + " WHERE m.conversation_id = ? AND e.read_seq > 0 ORDER BY m.user_id",
            (rs, i) -> new Marker(rs.getObject(1, UUID.class), rs.getLong(2)),
            conversationId);
    return new Markers(read, delivered(conversationId));
  }

  /**
   * Empty (never an error) when the push service does not answer in time: receipts then fill in
   * from live {@code delivered.updated} events as before.
   */
  private List<Marker> delivered(UUID conversationId) {
    DeliveryMarkers answer;
    try {
      answer =
          queries
              .query(new FindDeliveryMarkersQuery(conversationId), DeliveryMarkers.class)
              .get(ASK_FOR.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (Exception e) {
      log.debug("No delivery markers for {}: {}", conversationId, e.toString());
      return List.of();
    }
    if (answer == null || answer.markers() == null) {
      return List.of();
    }
    Set<UUID> members =
        new HashSet<>(
            jdbc.queryForList(
                "SELECT user_id FROM directory_membership WHERE conversation_id = ?",
                UUID.class,
                conversationId));
    return answer.markers().stream()
        .filter(m -> m.seq() > 0 && members.contains(m.userId()))
        .map(m -> new Marker(m.userId(), m.seq()))
        .toList();
  }
}
