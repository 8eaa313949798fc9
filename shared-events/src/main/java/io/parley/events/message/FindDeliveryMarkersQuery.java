package io.parley.events.message;

import java.util.UUID;

/**
 * Asks the push service how far each member's devices have received a conversation: its delivery
 * markers are the push service's own (docs/adr/0097), so the query side asks rather than reads.
 * Answered with {@link DeliveryMarkers}.
 */
public record FindDeliveryMarkersQuery(UUID conversationId) {}
