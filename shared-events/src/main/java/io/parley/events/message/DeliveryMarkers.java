package io.parley.events.message;

import java.util.List;
import java.util.UUID;

/** Each user's delivery marker in one conversation (only users who acked something). */
public record DeliveryMarkers(List<Marker> markers) {
  public record Marker(UUID userId, long seq) {}
}
