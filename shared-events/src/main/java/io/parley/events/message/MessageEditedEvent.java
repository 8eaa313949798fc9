package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;

public record MessageEditedEvent(
    UUID conversationId, long seq, long messageId, UUID editorId, String body, Instant editedAt) {}
