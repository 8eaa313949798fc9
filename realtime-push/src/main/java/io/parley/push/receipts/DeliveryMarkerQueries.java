package io.parley.push.receipts;

import io.parley.events.message.DeliveryMarkers;
import io.parley.events.message.FindDeliveryMarkersQuery;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers the query side's {@link FindDeliveryMarkersQuery} from {@code push_delivery_marker}, the
 * store of record this service owns (docs/adr/0097, 0164), so no other service reads its tables.
 */
@Component
class DeliveryMarkerQueries {
  private final JdbcTemplate jdbc;

  DeliveryMarkerQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @QueryHandler
  DeliveryMarkers handle(FindDeliveryMarkersQuery query) {
    return new DeliveryMarkers(
        jdbc.query(
            "SELECT user_id, seq FROM push_delivery_marker WHERE conversation_id = ?"
                + " ORDER BY user_id",
            (rs, i) -> new DeliveryMarkers.Marker(rs.getObject(1, UUID.class), rs.getLong(2)),
            query.conversationId()));
  }
}
