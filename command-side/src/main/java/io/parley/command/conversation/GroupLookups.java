package io.parley.command.conversation;

import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.InviteCreatedEvent;
import io.parley.events.conversation.Visibility;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The command side's group lookups: invite code to group, and public groups by exact name
 * (docs/adr/0159, 0160). Kept by the subscribing {@link CommandLookups#GROUP} processor in the
 * transaction that appends the event.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
public class GroupLookups {
  private final JdbcTemplate jdbc;

  GroupLookups(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The key a name is found by: case-insensitive and exact otherwise. */
  static String nameKey(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  public Optional<UUID> groupOfInvite(String code) {
    return jdbc
        .queryForList(
            "SELECT conversation_id FROM group_invite_code WHERE code = ?", UUID.class, code)
        .stream()
        .findFirst();
  }

  /** Public groups with exactly this name (case-insensitive), oldest first; at most two. */
  public List<UUID> publicGroupsNamed(String name) {
    return jdbc.queryForList(
        "SELECT conversation_id FROM group_public_name WHERE name_key = ?"
            + " ORDER BY created_at, conversation_id LIMIT 2",
        UUID.class,
        nameKey(name));
  }

  @EventHandler
  void on(InviteCreatedEvent event) {
    jdbc.update(
        "INSERT INTO group_invite_code (code, conversation_id) VALUES (?, ?)"
            + " ON CONFLICT (code) DO NOTHING",
        event.code(),
        event.conversationId());
  }

  @EventHandler
  void on(GroupCreatedEvent event) {
    if (event.visibility() == Visibility.PUBLIC) {
      upsertName(event.conversationId(), event.name(), event.createdAt());
    }
  }

  @EventHandler
  void on(GroupUpdatedEvent event) {
    if (event.visibility() == Visibility.PUBLIC) {
      upsertName(event.conversationId(), event.name(), event.updatedAt());
    } else {
      jdbc.update(
          "DELETE FROM group_public_name WHERE conversation_id = ?", event.conversationId());
    }
  }

  @EventHandler
  void on(GroupDeletedEvent event) {
    jdbc.update("DELETE FROM group_public_name WHERE conversation_id = ?", event.conversationId());
    jdbc.update("DELETE FROM group_invite_code WHERE conversation_id = ?", event.conversationId());
  }

  /** A renamed group keeps its place (created_at of its first public appearance). */
  private void upsertName(UUID conversationId, String name, Instant at) {
    jdbc.update(
        "INSERT INTO group_public_name (conversation_id, name_key, created_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (conversation_id) DO UPDATE SET name_key = EXCLUDED.name_key",
        conversationId,
        nameKey(name),
        OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }
}
