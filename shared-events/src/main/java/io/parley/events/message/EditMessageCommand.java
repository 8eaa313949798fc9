package io.parley.events.message;

import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code editorId} replaces the body of a message. The caller looked the message up and passes its
 * facts ({@code seq}, {@code authorId}): the conversation keeps no per-message state.
 */
public record EditMessageCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID editorId,
    long messageId,
    long seq,
    UUID authorId,
    String body,
    Instant now) {}
