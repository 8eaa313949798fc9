package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A device of {@code userId} has received {@code conversationId} up to {@code seq}. Published by
 * the gateway on a client's {@code ack}; markers only move forward.
 */
public record DeliveryMarkerMovedEvent(
    UUID conversationId, UUID userId, long seq, Instant movedAt) {}
