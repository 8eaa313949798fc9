package io.parley.query.conversation;

import static io.parley.support.admin.RowComparison.micros;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.events.conversation.Visibility;
import io.parley.query.e2ee.KeyDirectoryFold;
import io.parley.support.admin.LogFold;
import io.parley.support.admin.ReadModelVerifier;
import io.parley.support.admin.RowComparison;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks {@code directory_conversation} (kind, name, topic, visibility, creation time, member
 * count, the two users of a direct conversation, the group's picture) and {@code
 * directory_membership} (role, join time) against the log, folded on its own. Also checks that each
 * stored member count equals the number of membership rows stored for it, which the projection
 * maintains instead of counting. The key directory kept by the same processor is checked as well
 * ({@link KeyDirectoryFold}, docs/adr/0182).
 */
@Component
class ConversationDirectoryConsistency implements ReadModelVerifier {
  private static final class Conversation {
    private final String kind;
    private final Instant createdAt;
    private final UUID directUserA;
    private final UUID directUserB;
    private String name;
    private String topic;
    private String visibility;
    private int memberCount;
    private UUID pictureId;
    private boolean encrypted;

    private Conversation(
        String kind,
        String name,
        String topic,
        String visibility,
        Instant createdAt,
        UUID directUserA,
        UUID directUserB) {
      this.kind = kind;
      this.name = name;
      this.topic = topic;
      this.visibility = visibility;
      this.createdAt = createdAt;
      this.directUserA = directUserA;
      this.directUserB = directUserB;
    }

    private String line() {
      return RowComparison.line(
          kind,
          name,
          topic,
          visibility,
          createdAt,
          memberCount,
          directUserA,
          directUserB,
          pictureId,
          encrypted);
    }
  }

  private record Membership(String role, Instant joinedAt) {}

  private final LogFold log;
  private final JdbcTemplate jdbc;

  ConversationDirectoryConsistency(LogFold log, JdbcTemplate jdbc) {
    this.log = log;
    this.jdbc = jdbc;
  }

  @Override
  public String processor() {
    return ConversationDirectoryProjection.GROUP;
  }

  @Override
  public Report verify() {
    Map<UUID, Conversation> conversations = new HashMap<>();
    SortedMap<String, Membership> memberships = new TreeMap<>();
    KeyDirectoryFold keys = new KeyDirectoryFold();
    LogFold.Folded folded =
        log.fold(
            processor(),
            event -> {
              apply(conversations, memberships, event.getPayload());
              keys.apply(event.getPayload());
            });

    SortedMap<String, String> actualConversations = new TreeMap<>();
    SortedMap<String, String> memberCounts = new TreeMap<>();
    jdbc.query(
        "SELECT * FROM directory_conversation",
        row -> {
          String id = row.getString("conversation_id");
          actualConversations.put(
              id,
              RowComparison.line(
                  row.getString("kind"),
                  row.getString("name"),
                  row.getString("topic"),
                  row.getString("visibility"),
                  RowComparison.instant(row, "created_at"),
                  row.getInt("member_count"),
                  row.getString("direct_user_a"),
                  row.getString("direct_user_b"),
                  row.getString("picture_id"),
                  row.getBoolean("encrypted")));
          memberCounts.put(id, String.valueOf(row.getInt("member_count")));
        });
    SortedMap<String, String> actualMemberships = new TreeMap<>();
    Map<String, Integer> membershipRows = new HashMap<>();
    jdbc.query(
        "SELECT conversation_id, user_id, role, joined_at FROM directory_membership",
        row -> {
          String conversationId = row.getString("conversation_id");
          actualMemberships.put(
              conversationId + "/" + row.getString("user_id"),
              RowComparison.line(row.getString("role"), RowComparison.instant(row, "joined_at")));
          membershipRows.merge(conversationId, 1, Integer::sum);
        });

    keys.readStored(jdbc);

    Predicate<String> settled = folded.settled();
    SortedMap<String, String> expectedConversations = new TreeMap<>();
    conversations.forEach((id, c) -> expectedConversations.put(id.toString(), c.line()));
    SortedMap<String, String> expectedMemberships = new TreeMap<>();
    memberships.forEach(
        (key, m) -> expectedMemberships.put(key, RowComparison.line(m.role(), m.joinedAt())));
    RowComparison comparison =
        new RowComparison(processor())
            .table("directory_conversation", expectedConversations, actualConversations, settled)
            .table(
                "directory_membership",
                expectedMemberships,
                actualMemberships,
                key -> settled.test(conversationOf(key)));
    keys.compare(comparison, settled);
    memberCounts.forEach(
        (id, count) -> {
          if (settled.test(id)) {
            comparison.invariant(
                "directory_conversation " + id + " member_count",
                String.valueOf(membershipRows.getOrDefault(id, 0)),
                count);
          }
        });
    return comparison.report();
  }

  private static void apply(
      Map<UUID, Conversation> conversations, Map<String, Membership> memberships, Object payload) {
    if (payload instanceof GroupCreatedEvent e) {
      conversations.putIfAbsent(
          e.conversationId(),
          new Conversation(
              "group",
              e.name(),
              topic(e.topic()),
              e.visibility().wire(),
              micros(e.createdAt()),
              null,
              null));
      conversations.get(e.conversationId()).encrypted |= e.encrypted();
    } else if (payload instanceof DirectConversationOpenedEvent e) {
      conversations.putIfAbsent(
          e.conversationId(),
          new Conversation(
              "direct",
              null,
              null,
              Visibility.PRIVATE.wire(),
              micros(e.openedAt()),
              e.initiatorId(),
              e.otherUserId()));
      conversations.get(e.conversationId()).encrypted |= e.encrypted();
    } else if (payload instanceof GroupUpdatedEvent e) {
      Conversation conversation = conversations.get(e.conversationId());
      if (conversation != null) {
        conversation.name = e.name();
        conversation.topic = topic(e.topic());
        conversation.visibility = e.visibility().wire();
      }
    } else if (payload instanceof GroupPictureChangedEvent e) {
      Conversation conversation = conversations.get(e.conversationId());
      if (conversation != null) {
        conversation.pictureId = e.picture() == null ? null : e.picture().attachmentId();
      }
    } else if (payload instanceof MemberAddedEvent e) {
      Membership added = new Membership(e.role().wire(), micros(e.addedAt()));
      if (memberships.putIfAbsent(key(e.conversationId(), e.userId()), added) == null) {
        moveMemberCount(conversations, e.conversationId(), 1);
      }
    } else if (payload instanceof MemberRemovedEvent e) {
      if (memberships.remove(key(e.conversationId(), e.userId())) != null) {
        moveMemberCount(conversations, e.conversationId(), -1);
      }
    } else if (payload instanceof GroupDeletedEvent e) {
      // A deleted group leaves the directory with its memberships (docs/adr/0161).
      conversations.remove(e.conversationId());
      memberships.keySet().removeIf(key -> key.startsWith(e.conversationId() + "/"));
    } else if (payload instanceof MemberRoleChangedEvent e) {
      memberships.computeIfPresent(
          key(e.conversationId(), e.userId()),
          (key, m) -> new Membership(e.role().wire(), m.joinedAt()));
    }
  }

  private static void moveMemberCount(
      Map<UUID, Conversation> conversations, UUID conversationId, int delta) {
    Conversation conversation = conversations.get(conversationId);
    if (conversation != null) {
      conversation.memberCount += delta;
    }
  }

  private static String topic(String topic) {
    return topic == null ? "" : topic;
  }

  private static String key(UUID conversationId, UUID userId) {
    return conversationId + "/" + userId;
  }

  private static String conversationOf(String membershipKey) {
    return membershipKey.substring(0, membershipKey.indexOf('/'));
  }
}
