package io.parley.query.inbox;

import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.InviteUsedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRoleChangedEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Group activity, the system entries of a group's timeline (docs/adr/0160): who joined, left, was
 * added or removed and by whom, renames, topic, picture, visibility and role changes. Part of the
 * inbox read model, which knows the conversation's last seq in event order, so each entry is
 * anchored after the message seq the group had at that moment ({@code afterSeq}) and keyed by the
 * group's own event sequence number: a redelivered event changes nothing, a replay rebuilds the
 * same rows. Direct conversations have none. A deleted group's inbox rows and activity go.
 */
@Component
@ProcessingGroup(InboxProjection.GROUP)
class GroupActivityProjection {
  private final JdbcTemplate jdbc;
  private final InboxProjection inbox;

  GroupActivityProjection(JdbcTemplate jdbc, InboxProjection inbox) {
    this.jdbc = jdbc;
    this.inbox = inbox;
  }

  @EventHandler
  void on(GroupCreatedEvent event, @SequenceNumber long eventSeq) {
    jdbc.update(
        "INSERT INTO inbox_group_settings (conversation_id, name, topic, visibility, created_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING",
        event.conversationId(),
        event.name(),
        event.topic(),
        event.visibility().wire(),
        at(event.createdAt()));
    record(
        event.conversationId(),
        eventSeq,
        "created",
        event.creatorId(),
        null,
        event.name(),
        event.createdAt());
  }

  /**
   * Members added when the group was created are told by its "created" entry; a join through an
   * invite link was recorded at this event's place by the {@link InviteUsedEvent} before it.
   */
  @EventHandler
  void on(MemberAddedEvent event, @SequenceNumber long eventSeq) {
    Settings group = settings(event.conversationId());
    if (group == null || group.createdAt().equals(event.addedAt())) {
      return;
    }
    String kind = event.actorId().equals(event.userId()) ? "joined" : "added";
    record(
        event.conversationId(),
        eventSeq,
        kind,
        event.actorId(),
        event.userId(),
        null,
        event.addedAt());
  }

  @EventHandler
  void on(InviteUsedEvent event, @SequenceNumber long eventSeq) {
    // Its MemberAddedEvent is the very next event of the group: the entry takes that place.
    record(
        event.conversationId(),
        eventSeq + 1,
        "joined_by_invite",
        event.userId(),
        event.userId(),
        null,
        event.usedAt());
  }

  @EventHandler
  void on(MemberRemovedEvent event, @SequenceNumber long eventSeq) {
    if (settings(event.conversationId()) == null) {
      return;
    }
    String kind = event.actorId().equals(event.userId()) ? "left" : "removed";
    record(
        event.conversationId(),
        eventSeq,
        kind,
        event.actorId(),
        event.userId(),
        null,
        event.removedAt());
  }

  @EventHandler
  void on(MemberRoleChangedEvent event, @SequenceNumber long eventSeq) {
    if (settings(event.conversationId()) == null) {
      return;
    }
    record(
        event.conversationId(),
        eventSeq,
        "role_changed",
        event.actorId(),
        event.userId(),
        event.role().wire(),
        event.changedAt());
  }

  /** One entry per setting that changed: renamed, topic changed, visibility changed. */
  @EventHandler
  void on(GroupUpdatedEvent event, @SequenceNumber long eventSeq) {
    UUID id = event.conversationId();
    Settings group = settings(id);
    if (group == null) {
      return;
    }
    String topic = event.topic() == null ? "" : event.topic();
    String oldTopic = group.topic() == null ? "" : group.topic();
    // Sub-positions keep the entries of one event apart and in a fixed order.
    long position = eventSeq * 4;
    if (!Objects.equals(event.name(), group.name())) {
      recordAt(id, position, "renamed", event.actorId(), event.name(), event.updatedAt());
    }
    if (!topic.equals(oldTopic)) {
      recordAt(id, position + 1, "topic_changed", event.actorId(), topic, event.updatedAt());
    }
    if (!event.visibility().wire().equals(group.visibility())) {
      recordAt(
          id,
          position + 2,
          "visibility_changed",
          event.actorId(),
          event.visibility().wire(),
          event.updatedAt());
    }
    jdbc.update(
        "UPDATE inbox_group_settings SET name = ?, topic = ?, visibility = ?"
            + " WHERE conversation_id = ?",
        event.name(),
        topic,
        event.visibility().wire(),
        id);
  }

  @EventHandler
  void on(GroupPictureChangedEvent event, @SequenceNumber long eventSeq) {
    record(
        event.conversationId(),
        eventSeq,
        event.picture() == null ? "picture_removed" : "picture_changed",
        event.actorId(),
        null,
        null,
        event.changedAt());
  }

  /** The group leaves every inbox; its activity and inbox rows are gone with it. */
  @EventHandler
  void on(GroupDeletedEvent event) {
    UUID id = event.conversationId();
    inbox.flushPending(id);
    for (String table :
        List.of(
            "inbox_entry",
            "inbox_conversation",
            "inbox_deleted_message",
            "inbox_mention",
            "inbox_activity",
            "inbox_group_settings")) {
      jdbc.update("DELETE FROM " + table + " WHERE conversation_id = ?", id);
    }
  }

  /** A group's settings as of the last event; null for a direct conversation. */
  record Settings(String name, String topic, String visibility, Instant createdAt) {}

  private Settings settings(UUID conversationId) {
    List<Settings> rows =
        jdbc.query(
            "SELECT name, topic, visibility, created_at FROM inbox_group_settings"
                + " WHERE conversation_id = ?",
            (rs, i) ->
                new Settings(
                    rs.getString("name"),
                    rs.getString("topic"),
                    rs.getString("visibility"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()),
            conversationId);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Entries of events with one entry sit at position {@code 4 × event seq}. */
  private void record(
      UUID conversationId,
      long eventSeq,
      String kind,
      UUID actorId,
      UUID userId,
      String detail,
      Instant at) {
    insert(conversationId, eventSeq * 4, kind, actorId, userId, detail, at);
  }

  private void recordAt(
      UUID conversationId, long position, String kind, UUID actorId, String detail, Instant at) {
    insert(conversationId, position, kind, actorId, null, detail, at);
  }

  private void insert(
      UUID conversationId,
      long position,
      String kind,
      UUID actorId,
      UUID userId,
      String detail,
      Instant at) {
    inbox.flushPending(conversationId);
    jdbc.update(
        "INSERT INTO inbox_activity"
            + " (conversation_id, event_seq, after_seq, kind, actor_id, user_id, detail, at)"
            + " SELECT ?, ?, COALESCE((SELECT last_seq FROM inbox_conversation"
            + "   WHERE conversation_id = ?), 0), ?, ?, ?, ?, ?"
            + " ON CONFLICT (conversation_id, event_seq) DO NOTHING",
        conversationId,
        position,
        conversationId,
        kind,
        actorId,
        userId,
        detail,
        at(at));
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
