package io.parley.events.conversation;

import io.parley.events.message.Attachment;
import java.time.Instant;
import java.util.UUID;

/** A group's picture after a change by {@code actorId}: an image, or null when cleared. */
public record GroupPictureChangedEvent(
    UUID conversationId, UUID actorId, Attachment picture, Instant changedAt) {}
