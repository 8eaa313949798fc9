package io.parley.events.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The owner ({@code actorId}) deleted the group. {@code memberIds} are its members at that moment
 * (who must be told and whose inboxes lose it); no membership event follows. After this event the
 * group refuses every command as an unknown id would.
 */
public record GroupDeletedEvent(
    UUID conversationId, UUID actorId, List<UUID> memberIds, Instant deletedAt) {
  public GroupDeletedEvent {
    memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
  }
}
