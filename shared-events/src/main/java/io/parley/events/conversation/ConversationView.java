package io.parley.events.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A conversation as the public API shows it; {@code kind} and {@code visibility} in lower case.
 * {@code encrypted}: its messages are end-to-end encrypted and the server cannot read them.
 */
public record ConversationView(
    UUID conversationId,
    String kind,
    String name,
    String topic,
    String visibility,
    int memberCount,
    Instant createdAt,
    long lastSeq,
    UUID pictureId,
    boolean encrypted) {

  public ConversationView(
      UUID conversationId,
      String kind,
      String name,
      String topic,
      String visibility,
      int memberCount,
      Instant createdAt,
      long lastSeq,
      UUID pictureId) {
    this(
        conversationId,
        kind,
        name,
        topic,
        visibility,
        memberCount,
        createdAt,
        lastSeq,
        pictureId,
        false);
  }

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
