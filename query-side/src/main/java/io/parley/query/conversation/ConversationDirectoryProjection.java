package io.parley.query.conversation;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.InviteCreatedEvent;
import io.parley.events.conversation.InviteRevokedEvent;
import io.parley.events.conversation.InviteUsedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberBannedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.events.conversation.MemberUnbannedEvent;
import io.parley.query.rebuild.ReadModelRebuilds;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Conversations, memberships and bans in the Postgres directory. Every handler is idempotent: rows
 * are keyed by ids, inserts happen only when absent, and the member count moves only when a row was
 * really inserted or deleted, so a redelivered event changes nothing.
 */
@Component
@ProcessingGroup(ConversationDirectoryProjection.GROUP)
class ConversationDirectoryProjection {
  static final String GROUP = "conversation-directory";

  private final JdbcTemplate jdbc;
  private final ReadModelRebuilds rebuilds;

  ConversationDirectoryProjection(JdbcTemplate jdbc, ReadModelRebuilds rebuilds) {
    this.jdbc = jdbc;
    this.rebuilds = rebuilds;
  }

  @EventHandler
  void on(GroupCreatedEvent event) {
    jdbc.update(
        "INSERT INTO directory_conversation (conversation_id, kind, name, topic, visibility,"
            + " created_at, encrypted) VALUES (?, 'group', ?, ?, ?, ?, ?) ON CONFLICT"
            + " (conversation_id) DO NOTHING",
        event.conversationId(),
        event.name(),
        event.topic() == null ? "" : event.topic(),
        event.visibility().wire(),
        at(event.createdAt()),
        event.encrypted());
  }

  @EventHandler
  void on(DirectConversationOpenedEvent event) {
    jdbc.update(
        "INSERT INTO directory_conversation (conversation_id, kind, name, topic, visibility,"
            + " created_at, direct_user_a, direct_user_b, encrypted) VALUES (?, 'direct', NULL,"
            + " NULL, 'private', ?, ?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING",
        event.conversationId(),
        at(event.openedAt()),
        event.initiatorId(),
        event.otherUserId(),
        event.encrypted());
  }

  @EventHandler
  void on(GroupUpdatedEvent event) {
    jdbc.update(
        "UPDATE directory_conversation SET name = ?, topic = ?, visibility = ?"
            + " WHERE conversation_id = ?",
        event.name(),
        event.topic() == null ? "" : event.topic(),
        event.visibility().wire(),
        event.conversationId());
  }

  /** Events of one group arrive in order: the latest change is the current picture. */
  @EventHandler
  void on(GroupPictureChangedEvent event) {
    jdbc.update(
        "UPDATE directory_conversation SET picture_id = ? WHERE conversation_id = ?",
        event.picture() == null ? null : event.picture().attachmentId(),
        event.conversationId());
  }

  @EventHandler
  void on(MemberAddedEvent event) {
    int inserted =
        jdbc.update(
            "INSERT INTO directory_membership (conversation_id, user_id, role, joined_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, user_id) DO NOTHING",
            event.conversationId(),
            event.userId(),
            event.role().wire(),
            at(event.addedAt()));
    moveMemberCount(event.conversationId(), inserted);
  }

  @EventHandler
  void on(MemberRemovedEvent event) {
    int deleted =
        jdbc.update(
            "DELETE FROM directory_membership WHERE conversation_id = ? AND user_id = ?",
            event.conversationId(),
            event.userId());
    moveMemberCount(event.conversationId(), -deleted);
  }

  @EventHandler
  void on(MemberRoleChangedEvent event) {
    jdbc.update(
        "UPDATE directory_membership SET role = ? WHERE conversation_id = ? AND user_id = ?",
        event.role().wire(),
        event.conversationId(),
        event.userId());
  }

  @EventHandler
  void on(MemberBannedEvent event) {
    jdbc.update(
        "INSERT INTO directory_ban (conversation_id, user_id, banned_by, banned_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, user_id) DO NOTHING",
        event.conversationId(),
        event.userId(),
        event.actorId(),
        at(event.bannedAt()));
  }

  @EventHandler
  void on(MemberUnbannedEvent event) {
    jdbc.update(
        "DELETE FROM directory_ban WHERE conversation_id = ? AND user_id = ?",
        event.conversationId(),
        event.userId());
  }

  @EventHandler
  void on(InviteCreatedEvent event) {
    jdbc.update(
        "INSERT INTO directory_invite (code, conversation_id, created_by, created_at, expires_at,"
            + " max_uses) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
        event.code(),
        event.conversationId(),
        event.createdBy(),
        at(event.createdAt()),
        event.expiresAt() == null ? null : at(event.expiresAt()),
        event.maxUses());
  }

  @EventHandler
  void on(InviteRevokedEvent event) {
    jdbc.update(
        "UPDATE directory_invite SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL",
        at(event.revokedAt()),
        event.code());
  }

  /** Not idempotent by itself: guarded by the processor's position, like the member count. */
  @EventHandler
  void on(InviteUsedEvent event) {
    jdbc.update("UPDATE directory_invite SET uses = uses + 1 WHERE code = ?", event.code());
  }

  /**
   * A deleted group leaves the directory: unknown to every read (404), out of group search, its
   * memberships, bans and invites gone (docs/adr/0161).
   */
  @EventHandler
  void on(GroupDeletedEvent event) {
    for (String table :
        new String[] {
          "directory_invite", "directory_ban", "directory_membership", "directory_conversation"
        }) {
      jdbc.update("DELETE FROM " + table + " WHERE conversation_id = ?", event.conversationId());
    }
  }

  /** Counting the rows instead would cost O(members) per join: 10,000-member groups exist. */
  private void moveMemberCount(UUID conversationId, int delta) {
    if (delta != 0) {
      jdbc.update(
          "UPDATE directory_conversation SET member_count = member_count + ?"
              + " WHERE conversation_id = ?",
          delta,
          conversationId);
    }
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** The live tables keep serving until the rebuilt ones replace them (docs/adr/0100). */
  @ResetHandler
  void reset() {
    rebuilds.begin(GROUP);
  }
}
