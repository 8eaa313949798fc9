package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;

public record MessageSentEvent(
    UUID conversationId,
    long seq,
    long messageId,
    UUID senderId,
    UUID clientMessageId,
    String body,
    Long replyToMessageId,
    Instant sentAt) {}
