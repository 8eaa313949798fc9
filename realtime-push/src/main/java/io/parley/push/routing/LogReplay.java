package io.parley.push.routing;

import io.parley.events.account.AccountDeletedEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.account.UserView;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.events.e2ee.DeviceKeyEndedEvent;
import io.parley.events.e2ee.DeviceKeyPublishedEvent;
import io.parley.events.e2ee.KeyBackupRemovedEvent;
import io.parley.events.e2ee.KeyBackupStoredEvent;
import io.parley.events.message.DeliveryMarkerMovedEvent;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.MessageView;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import io.parley.push.gateway.Push;
import io.parley.push.protocol.ConversationDeleted;
import io.parley.push.protocol.KeysChanged;
import io.parley.push.protocol.MarkerMoved;
import io.parley.push.protocol.MemberJoined;
import io.parley.push.protocol.MemberLeft;
import io.parley.push.protocol.MemberRoleChanged;
import io.parley.push.protocol.MessageDeleted;
import io.parley.push.protocol.MessageUpdated;
import io.parley.push.protocol.PushType;
import io.parley.push.protocol.ReactionUpdated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Replays one user's share of the log between two positions (docs/adr/0175): the pushes live
 * delivery made to that user for the events after {@code from} and up to {@code to}, each routed by
 * the user's membership as of that event, in log order. Typing, presence and the delivery steps
 * relayed by NOTIFY are not in the log and are not replayed.
 */
@Component
public class LogReplay {
  private record Change(long version, boolean member) {}

  private final EventStore eventStore;
  private final JdbcTemplate jdbc;
  private final PushConversations conversations;
  private final PushUsers users;
  private final PushMemberships memberships;

  LogReplay(
      EventStore eventStore,
      JdbcTemplate jdbc,
      PushConversations conversations,
      PushUsers users,
      PushMemberships memberships) {
    this.eventStore = eventStore;
    this.jdbc = jdbc;
    this.conversations = conversations;
    this.users = users;
    this.memberships = memberships;
  }

  /**
   * The pushes for {@code userId} of the events after {@code from} that {@code to} covers; null
   * when more than {@code maxEvents} events lie between them or the log does not reach {@code to}
   * within {@code wait}.
   */
  public List<Push> between(
      UUID userId, TrackingToken from, TrackingToken to, int maxEvents, Duration wait) {
    List<TrackedEventMessage<?>> window = read(from, to, maxEvents, wait);
    if (window == null) {
      return null;
    }
    Map<UUID, List<Change>> changes = new HashMap<>();
    jdbc.query(
        "SELECT conversation_id, member, version FROM push_membership WHERE user_id = ?",
        row -> {
          changes
              .computeIfAbsent(
                  row.getObject("conversation_id", UUID.class), id -> new ArrayList<>())
              .add(new Change(row.getLong("version"), row.getBoolean("member")));
        },
        userId);
    for (TrackedEventMessage<?> event : window) {
      if (!(event instanceof DomainEventMessage<?> domain)) {
        continue;
      }
      long version = domain.getSequenceNumber();
      Object payload = event.getPayload();
      if (payload instanceof MemberAddedEvent e && e.userId().equals(userId)) {
        change(changes, e.conversationId(), version, true);
      } else if (payload instanceof MemberRemovedEvent e && e.userId().equals(userId)) {
        change(changes, e.conversationId(), version, false);
      } else if (payload instanceof GroupDeletedEvent e && e.memberIds().contains(userId)) {
        change(changes, e.conversationId(), version, false);
      }
    }
    List<Push> pushes = new ArrayList<>();
    for (TrackedEventMessage<?> event : window) {
      Push push = pushFor(userId, event, changes);
      if (push != null) {
        pushes.add(push);
      }
    }
    return pushes;
  }

  private static void change(
      Map<UUID, List<Change>> changes, UUID conversationId, long version, boolean member) {
    changes
        .computeIfAbsent(conversationId, id -> new ArrayList<>())
        .add(new Change(version, member));
  }

  /** The events after {@code from} covered by {@code to}, in the order the log yields them. */
  private List<TrackedEventMessage<?>> read(
      TrackingToken from, TrackingToken to, int maxEvents, Duration wait) {
    List<TrackedEventMessage<?>> window = new ArrayList<>();
    long target = LogPositions.highest(to);
    int read = 0;
    try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(from)) {
      TrackingToken position = from;
      while (true) {
        boolean reached = LogPositions.highest(position) >= target;
        boolean more =
            reached
                ? stream.hasNextAvailable()
                : stream.hasNextAvailable((int) wait.toMillis(), TimeUnit.MILLISECONDS);
        if (!more) {
          return reached ? window : null;
        }
        TrackedEventMessage<?> event = stream.nextAvailable();
        long index = LogPositions.indexOf(position, event.trackingToken());
        position = event.trackingToken();
        if (LogPositions.covers(to, index)) {
          if (++read > maxEvents) {
            return null;
          }
          window.add(event);
        } else if (index > target) {
          return window; // live delivery pushes everything from here on
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Whether the user was a member at the conversation's event {@code version}: the latest known
   * change before it, or else the opposite of the first one after it.
   */
  private static boolean memberAt(Map<UUID, List<Change>> changes, UUID conversationId, long at) {
    List<Change> known = changes.get(conversationId);
    if (known == null) {
      return false;
    }
    Change before = null;
    Change after = null;
    for (Change change : known) {
      if (change.version() < at && (before == null || change.version() > before.version())) {
        before = change;
      } else if (change.version() > at && (after == null || change.version() < after.version())) {
        after = change;
      }
    }
    if (before != null) {
      return before.member();
    }
    return after != null && !after.member();
  }

  /** Membership for an event that is not one of the conversation's own: the latest known. */
  private static boolean memberNow(Map<UUID, List<Change>> changes, UUID conversationId) {
    return memberAt(changes, conversationId, Long.MAX_VALUE);
  }

  private static boolean member(
      Map<UUID, List<Change>> changes, UUID conversationId, TrackedEventMessage<?> event) {
    if (event instanceof DomainEventMessage<?> domain
        && conversationId.toString().equals(domain.getAggregateIdentifier())) {
      return memberAt(changes, conversationId, domain.getSequenceNumber());
    }
    return memberNow(changes, conversationId);
  }

  /** As {@link LiveDelivery} routes the event, for this one user. */
  private Push pushFor(UUID userId, TrackedEventMessage<?> event, Map<UUID, List<Change>> changes) {
    Object payload = event.getPayload();
    if (payload instanceof MessageSentEvent e) {
      if (!member(changes, e.conversationId(), event)) {
        return null;
      }
      MessageView message =
          new MessageView(
              e.messageId(),
              e.conversationId(),
              e.seq(),
              e.senderId(),
              e.body(),
              e.replyToMessageId(),
              e.sentAt(),
              null,
              false,
              Map.of(),
              e.attachments(),
              e.mentions(),
              e.mentionsEveryone(),
              e.ciphertext());
      return Push.of(PushType.MESSAGE_CREATED, e.conversationId(), e.seq(), message);
    }
    if (payload instanceof MessageEditedEvent e) {
      return member(changes, e.conversationId(), event)
          ? Push.of(
              PushType.MESSAGE_UPDATED,
              e.conversationId(),
              new MessageUpdated(
                  e.messageId(), e.seq(), e.body(), e.editedAt(), e.editorId(), e.ciphertext()))
          : null;
    }
    if (payload instanceof MessageDeletedEvent e) {
      return member(changes, e.conversationId(), event)
          ? Push.of(
              PushType.MESSAGE_DELETED,
              e.conversationId(),
              new MessageDeleted(e.messageId(), e.seq(), e.deletedAt(), e.actorId()))
          : null;
    }
    if (payload instanceof ReactionAddedEvent e) {
      return member(changes, e.conversationId(), event)
          ? Push.of(
              PushType.REACTION_UPDATED,
              e.conversationId(),
              new ReactionUpdated(e.messageId(), e.seq(), e.userId(), e.emoji(), true))
          : null;
    }
    if (payload instanceof ReactionRemovedEvent e) {
      return member(changes, e.conversationId(), event)
          ? Push.of(
              PushType.REACTION_UPDATED,
              e.conversationId(),
              new ReactionUpdated(e.messageId(), e.seq(), e.userId(), e.emoji(), false))
          : null;
    }
    if (payload instanceof ReadMarkerMovedEvent e) {
      return member(changes, e.conversationId(), event)
          ? Push.of(PushType.READ_UPDATED, e.conversationId(), new MarkerMoved(e.userId(), e.seq()))
          : null;
    }
    if (payload instanceof DeliveryMarkerMovedEvent e) {
      return !e.userId().equals(userId) && member(changes, e.conversationId(), event)
          ? Push.of(
              PushType.DELIVERED_UPDATED, e.conversationId(), new MarkerMoved(e.userId(), e.seq()))
          : null;
    }
    if (payload instanceof MemberAddedEvent e) {
      UUID id = e.conversationId();
      if (e.userId().equals(userId)) {
        ConversationView view = conversations.view(id);
        return view == null ? null : Push.of(PushType.CONVERSATION_CREATED, id, view);
      }
      return member(changes, id, event)
          ? Push.of(
              PushType.MEMBER_JOINED,
              id,
              new MemberJoined(e.userId(), e.role().wire(), e.actorId()))
          : null;
    }
    if (payload instanceof MemberRemovedEvent e) {
      UUID id = e.conversationId();
      return e.userId().equals(userId) || member(changes, id, event)
          ? Push.of(PushType.MEMBER_LEFT, id, new MemberLeft(e.userId(), e.actorId()))
          : null;
    }
    if (payload instanceof MemberRoleChangedEvent e) {
      UUID id = e.conversationId();
      return member(changes, id, event)
          ? Push.of(
              PushType.MEMBER_ROLE_CHANGED,
              id,
              new MemberRoleChanged(e.userId(), e.role().wire(), e.actorId()))
          : null;
    }
    if (payload instanceof GroupDeletedEvent e) {
      UUID id = e.conversationId();
      return e.memberIds().contains(userId) || member(changes, id, event)
          ? Push.of(PushType.CONVERSATION_DELETED, id, new ConversationDeleted(id, e.actorId()))
          : null;
    }
    if (payload instanceof GroupUpdatedEvent e) {
      return conversationUpdated(e.conversationId(), event, changes);
    }
    if (payload instanceof GroupPictureChangedEvent e) {
      return conversationUpdated(e.conversationId(), event, changes);
    }
    if (payload instanceof DisplayNameChangedEvent e) {
      return userUpdated(userId, e.userId());
    }
    if (payload instanceof AvatarChangedEvent e) {
      return userUpdated(userId, e.userId());
    }
    if (payload instanceof AccountDeletedEvent e) {
      return userUpdated(userId, e.userId());
    }
    if (payload instanceof DeviceKeyPublishedEvent e) {
      return keysChanged(userId, e.userId());
    }
    if (payload instanceof DeviceKeyEndedEvent e) {
      return keysChanged(userId, e.userId());
    }
    if (payload instanceof KeyBackupStoredEvent e) {
      return keysChanged(userId, e.userId());
    }
    if (payload instanceof KeyBackupRemovedEvent e) {
      return keysChanged(userId, e.userId());
    }
    return null;
  }

  /**
   * {@code keys.changed} to the user and whoever shares an encrypted conversation with them now.
   */
  private Push keysChanged(UUID recipient, UUID changed) {
    if (!recipient.equals(changed) && !memberships.keyAudienceOf(changed).contains(recipient)) {
      return null;
    }
    return Push.of(PushType.KEYS_CHANGED, null, new KeysChanged(changed));
  }

  private Push conversationUpdated(
      UUID id, TrackedEventMessage<?> event, Map<UUID, List<Change>> changes) {
    if (!member(changes, id, event)) {
      return null;
    }
    ConversationView view = conversations.view(id);
    return view == null ? null : Push.of(PushType.CONVERSATION_UPDATED, id, view);
  }

  /** The user's current profile, to them and to whoever shares a conversation with them now. */
  private Push userUpdated(UUID recipient, UUID changed) {
    if (!recipient.equals(changed) && !memberships.contactsOf(changed).contains(recipient)) {
      return null;
    }
    UserView user = users.find(changed);
    return user == null ? null : Push.of(PushType.USER_UPDATED, null, user);
  }
}
