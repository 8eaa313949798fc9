package io.parley.push.protocol;

import java.util.UUID;

/**
 * {@code conversation.deleted}: the owner ({@code actorId}) deleted the group. Sent to every
 * member; nothing more of the conversation follows (docs/adr/0161).
 */
public record ConversationDeleted(UUID conversationId, UUID actorId) {}
