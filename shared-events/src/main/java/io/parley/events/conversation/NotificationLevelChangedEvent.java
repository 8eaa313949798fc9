package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * Member {@code userId} of {@code conversationId} now gets {@code level}. A member who never set
 * one has {@link NotificationLevel#ALL}; leaving the conversation forgets the choice.
 */
public record NotificationLevelChangedEvent(
    UUID conversationId, UUID userId, NotificationLevel level, Instant changedAt) {}
