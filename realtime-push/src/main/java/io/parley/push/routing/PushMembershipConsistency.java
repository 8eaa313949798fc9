package io.parley.push.routing;

import static io.parley.support.admin.RowComparison.micros;

import io.parley.events.account.AccountDeletedEvent;
import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.conversation.ConversationKind;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageSentEvent;
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
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks the push service's own tables against the log, folded on its own: {@code push_membership}
 * (member or not, and the version: the aggregate sequence of the event that last wrote the row),
 * {@code push_conversation} (as its creation and latest update describe it, its version, and the
 * highest message seq as {@code last_seq}) and {@code push_user} (registration, latest display
 * name, version).
 *
 * <p>The live delivery consumer writes the same rows too, ahead of the catch-up one, but only from
 * events of the log and with the same values and versions (older versions never overwrite newer
 * ones), so every column is a function of the log. What the live consumer keeps only in memory (its
 * routing view, the last seq it has seen) is not compared. Its rows written from events after the
 * fold's end belong to conversations or users the check leaves out as not settled.
 */
@Component
class PushMembershipConsistency implements ReadModelVerifier {
  private static final class Conversation {
    private final String kind;
    private final Instant createdAt;
    private String name;
    private String topic;
    private String visibility;
    private long lastSeq;
    private long version;
    private UUID pictureId;
    private boolean encrypted;

    private Conversation(
        String kind,
        String name,
        String topic,
        String visibility,
        Instant createdAt,
        long version) {
      this.kind = kind;
      this.name = name;
      this.topic = topic;
      this.visibility = visibility;
      this.createdAt = createdAt;
      this.version = version;
    }

    private String line() {
      return RowComparison.line(
          kind, name, topic, visibility, createdAt, lastSeq, version, pictureId, encrypted);
    }
  }

  private static final class User {
    private final String username;
    private final Instant createdAt;
    private String displayName;
    private long version;
    private UUID avatarId;

    private User(String username, String displayName, Instant createdAt, long version) {
      this.username = username;
      this.displayName = displayName;
      this.createdAt = createdAt;
      this.version = version;
    }

    private String line() {
      return RowComparison.line(username, displayName, createdAt, version, avatarId);
    }
  }

  private record Membership(boolean member, long version) {}

  private static final class Expected {
    private final SortedMap<String, Membership> memberships = new TreeMap<>();
    private final Map<UUID, Conversation> conversations = new HashMap<>();
    private final Map<UUID, User> users = new HashMap<>();
  }

  private final LogFold log;
  private final JdbcTemplate jdbc;

  PushMembershipConsistency(LogFold log, JdbcTemplate jdbc) {
    this.log = log;
    this.jdbc = jdbc;
  }

  @Override
  public String processor() {
    return MembershipCatchUp.GROUP;
  }

  @Override
  public Report verify() {
    Expected expected = new Expected();
    LogFold.Folded folded = log.fold(processor(), event -> apply(expected, event));

    SortedMap<String, String> memberships = new TreeMap<>();
    jdbc.query(
        "SELECT conversation_id, user_id, member, version FROM push_membership",
        row -> {
          memberships.put(
              row.getString("conversation_id") + "/" + row.getString("user_id"),
              RowComparison.line(row.getBoolean("member"), row.getLong("version")));
        });
    SortedMap<String, String> conversations = new TreeMap<>();
    jdbc.query(
        "SELECT * FROM push_conversation",
        row -> {
          conversations.put(
              row.getString("conversation_id"),
              RowComparison.line(
                  row.getString("kind"),
                  row.getString("name"),
                  row.getString("topic"),
                  row.getString("visibility"),
                  RowComparison.instant(row, "created_at"),
                  row.getLong("last_seq"),
                  row.getLong("version"),
                  row.getObject("picture_id", UUID.class),
                  row.getBoolean("encrypted")));
        });
    SortedMap<String, String> users = new TreeMap<>();
    jdbc.query(
        "SELECT * FROM push_user",
        row -> {
          users.put(
              row.getString("user_id"),
              RowComparison.line(
                  row.getString("username"),
                  row.getString("display_name"),
                  RowComparison.instant(row, "created_at"),
                  row.getLong("version"),
                  row.getObject("avatar_id", UUID.class)));
        });

    Predicate<String> settled = folded.settled();
    SortedMap<String, String> expectedMemberships = new TreeMap<>();
    expected.memberships.forEach(
        (key, m) -> expectedMemberships.put(key, RowComparison.line(m.member(), m.version())));
    SortedMap<String, String> expectedConversations = new TreeMap<>();
    expected.conversations.forEach((id, c) -> expectedConversations.put(id.toString(), c.line()));
    SortedMap<String, String> expectedUsers = new TreeMap<>();
    expected.users.forEach((id, u) -> expectedUsers.put(id.toString(), u.line()));
    return new RowComparison(processor())
        .table(
            "push_membership",
            expectedMemberships,
            memberships,
            key -> settled.test(key.substring(0, key.indexOf('/'))))
        .table("push_conversation", expectedConversations, conversations, settled)
        .table("push_user", expectedUsers, users, settled)
        .report();
  }

  /**
   * As {@link MembershipCatchUp} applies an event: the handlers that take the aggregate sequence
   * ({@code @SequenceNumber}) apply to aggregate events only; a message's seq to any.
   */
  private static void apply(Expected expected, EventMessage<?> event) {
    Object payload = event.getPayload();
    if (payload instanceof MessageSentEvent e) {
      Conversation conversation = expected.conversations.get(e.conversationId());
      if (conversation != null) {
        conversation.lastSeq = Math.max(conversation.lastSeq, e.seq());
      }
    }
    if (!(event instanceof DomainEventMessage<?> domain)) {
      return;
    }
    long version = domain.getSequenceNumber();
    if (payload instanceof MemberAddedEvent e) {
      member(expected, e.conversationId(), e.userId(), true, version);
    } else if (payload instanceof MemberRemovedEvent e) {
      member(expected, e.conversationId(), e.userId(), false, version);
    } else if (payload instanceof GroupDeletedEvent e) {
      for (java.util.UUID member : e.memberIds()) {
        member(expected, e.conversationId(), member, false, version);
      }
    } else if (payload instanceof GroupCreatedEvent e) {
      expected.conversations.putIfAbsent(
          e.conversationId(),
          new Conversation(
              ConversationKind.GROUP.wire(),
              e.name(),
              e.topic(),
              e.visibility().wire(),
              micros(e.createdAt()),
              version));
      expected.conversations.get(e.conversationId()).encrypted |= e.encrypted();
    } else if (payload instanceof DirectConversationOpenedEvent e) {
      expected.conversations.putIfAbsent(
          e.conversationId(),
          new Conversation(
              ConversationKind.DIRECT.wire(),
              null,
              null,
              Visibility.PRIVATE.wire(),
              micros(e.openedAt()),
              version));
      expected.conversations.get(e.conversationId()).encrypted |= e.encrypted();
    } else if (payload instanceof GroupUpdatedEvent e) {
      Conversation conversation = expected.conversations.get(e.conversationId());
      if (conversation != null && conversation.version < version) {
        conversation.name = e.name();
        conversation.topic = e.topic();
        conversation.visibility = e.visibility().wire();
        conversation.version = version;
      }
    } else if (payload instanceof GroupPictureChangedEvent e) {
      Conversation conversation = expected.conversations.get(e.conversationId());
      if (conversation != null && conversation.version < version) {
        conversation.pictureId = MembershipCatchUp.idOf(e.picture());
        conversation.version = version;
      }
    } else if (payload instanceof AccountRegisteredEvent e) {
      expected.users.putIfAbsent(
          e.userId(), new User(e.username(), e.displayName(), micros(e.registeredAt()), version));
    } else if (payload instanceof DisplayNameChangedEvent e) {
      User user = expected.users.get(e.userId());
      if (user != null && user.version < version) {
        user.displayName = e.displayName();
        user.version = version;
      }
    } else if (payload instanceof AvatarChangedEvent e) {
      User user = expected.users.get(e.userId());
      if (user != null && user.version < version) {
        user.avatarId = MembershipCatchUp.idOf(e.avatar());
        user.version = version;
      }
    } else if (payload instanceof AccountDeletedEvent e) {
      User user = expected.users.get(e.userId());
      if (user != null && user.version < version) {
        user.displayName = PushUsers.DELETED_USER;
        user.avatarId = null;
        user.version = version;
      }
    }
  }

  private static void member(
      Expected expected, UUID conversationId, UUID userId, boolean member, long version) {
    expected.memberships.merge(
        conversationId + "/" + userId,
        new Membership(member, version),
        (held, next) -> held.version() < next.version() ? next : held);
  }
}
