package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;

public record ReactionAddedEvent(
    UUID conversationId, long seq, long messageId, UUID userId, String emoji, Instant addedAt) {}
