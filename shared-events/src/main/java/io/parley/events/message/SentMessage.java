package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;

/** The result of a send: the message as accepted, also when a retry found the original. */
public record SentMessage(
    UUID conversationId,
    long seq,
    long messageId,
    UUID senderId,
    String body,
    Long replyToMessageId,
    Instant sentAt) {}
