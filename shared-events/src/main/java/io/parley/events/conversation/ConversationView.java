package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/** A conversation as the public API shows it; {@code kind} and {@code visibility} in lower case. */
public record ConversationView(
    UUID conversationId,
    String kind,
    String name,
    String topic,
    String visibility,
    int memberCount,
    Instant createdAt,
    long lastSeq,
    UUID pictureId) {

  public ConversationView(
      UUID conversationId,
      String kind,
      String name,
      String topic,
      String visibility,
      int memberCount,
      Instant createdAt,
      long lastSeq) {
    this(conversationId, kind, name, topic, visibility, memberCount, createdAt, lastSeq, null);
  }
}
