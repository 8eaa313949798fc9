package io.parley.events.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code encrypted}: an end-to-end encrypted group, which must be private (docs/adr/0185). */
public record CreateGroupCommand(
    @TargetAggregateIdentifier UUID conversationId,
    UUID creatorId,
    String name,
    String topic,
    Visibility visibility,
    List<UUID> memberIds,
    Instant now,
    boolean encrypted) {

  public CreateGroupCommand(
      UUID conversationId,
      UUID creatorId,
      String name,
      String topic,
      Visibility visibility,
      List<UUID> memberIds,
      Instant now) {
    this(conversationId, creatorId, name, topic, visibility, memberIds, now, false);
  }
}
