package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A group came into being; its creator joins as owner in a following {@link MemberAddedEvent}.
 * {@code encrypted}: its messages are end-to-end encrypted (chosen at creation, never changed);
 * events stored before encryption existed read as false.
 */
public record GroupCreatedEvent(
    UUID conversationId,
    UUID creatorId,
    String name,
    String topic,
    Visibility visibility,
    Instant createdAt,
    boolean encrypted) {

  public GroupCreatedEvent(
      UUID conversationId,
      UUID creatorId,
      String name,
      String topic,
      Visibility visibility,
      Instant createdAt) {
    this(conversationId, creatorId, name, topic, visibility, createdAt, false);
  }
}
