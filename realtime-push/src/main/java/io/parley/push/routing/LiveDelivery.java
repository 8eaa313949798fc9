package io.parley.push.routing;

import io.parley.events.account.AccountDeletedEvent;
import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.account.UserPresenceChangedEvent;
import io.parley.events.account.UserView;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
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
import io.parley.push.gateway.Sessions;
import io.parley.push.presence.PresenceView;
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
import io.parley.push.receipts.DeliveryAcks;
import io.parley.push.receipts.PendingReceipts;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Turns the live event stream into pushes, from the event itself as soon as it is appended: no
 * projection is waited for (read-your-push consistency lives on the query side's read path,
 * docs/adr/0110). Runs from the head of the log with no durable position (a session's replay buffer
 * covers reconnects). The log is read by one thread that hands each event to its conversation's
 * delivery lane ({@link DeliveryLanes}): one conversation's events, membership changes included,
 * are pushed in log order on one lane, so routing state is exactly as of the event being pushed (a
 * member removed by one event receives none of the next, a member added receives the very next
 * one), while other conversations proceed on the other lanes. A message's push, which routes from
 * memory and only queues frames, runs on the reader's own thread when every lane is idle
 * (docs/adr/0235).
 */
@Component
@ProcessingGroup(LiveDelivery.GROUP)
class LiveDelivery {
  static final String GROUP = "push-delivery";

  private final PushMemberships memberships;
  private final PushConversations conversations;
  private final PushUsers users;
  private final Sessions sessions;
  private final DeliveryAcks acks;
  private final DeliveryLanes lanes;
  private final PendingReceipts receipts;
  private final ReadAudience readAudience;

  LiveDelivery(
      PushMemberships memberships,
      PushConversations conversations,
      PushUsers users,
      Sessions sessions,
      DeliveryAcks acks,
      DeliveryLanes lanes,
      PendingReceipts receipts,
      ReadAudience readAudience) {
    this.memberships = memberships;
    this.conversations = conversations;
    this.users = users;
    this.sessions = sessions;
    this.acks = acks;
    this.lanes = lanes;
    this.receipts = receipts;
    this.readAudience = readAudience;
  }

  @EventHandler
  void on(AccountRegisteredEvent event, @SequenceNumber long version) {
    lanes.submit(
        event.userId(),
        () ->
            users.registered(
                event.userId(),
                event.username(),
                event.displayName(),
                event.registeredAt(),
                version));
  }

  /** To everyone who shares a conversation with the user or watches their presence. */
  @EventHandler
  void on(DisplayNameChangedEvent event, @SequenceNumber long version) {
    lanes.submit(
        event.userId(),
        () -> {
          users.renamed(event.userId(), event.displayName(), version);
          userUpdated(event.userId());
        });
  }

  @EventHandler
  void on(AvatarChangedEvent event, @SequenceNumber long version) {
    lanes.submit(
        event.userId(),
        () -> {
          users.avatarChanged(event.userId(), MembershipCatchUp.idOf(event.avatar()), version);
          userUpdated(event.userId());
        });
  }

  /** A deleted account is shown as a deleted user at once (docs/adr/0162). */
  @EventHandler
  void on(AccountDeletedEvent event, @SequenceNumber long version) {
    lanes.submit(
        event.userId(),
        () -> {
          users.renamed(event.userId(), PushUsers.DELETED_USER, version);
          users.avatarChanged(event.userId(), null, version);
          userUpdated(event.userId());
        });
  }

  /** {@code user.updated} to the user, their contacts and whoever watches their presence. */
  private void userUpdated(UUID userId) {
    UserView user = users.find(userId);
    if (user == null) {
      return;
    }
    Set<UUID> audience = new LinkedHashSet<>(memberships.contactsOf(userId));
    audience.add(userId);
    audience.addAll(sessions.presenceWatchersOf(userId));
    sessions.broadcast(audience, Push.of(PushType.USER_UPDATED, null, user));
  }

  /** {@code keys.changed} to the user and whoever shares an encrypted conversation with them. */
  @EventHandler
  void on(DeviceKeyPublishedEvent event) {
    lanes.submit(event.userId(), () -> keysChanged(event.userId()));
  }

  @EventHandler
  void on(DeviceKeyEndedEvent event) {
    lanes.submit(event.userId(), () -> keysChanged(event.userId()));
  }

  @EventHandler
  void on(KeyBackupStoredEvent event) {
    lanes.submit(event.userId(), () -> keysChanged(event.userId()));
  }

  @EventHandler
  void on(KeyBackupRemovedEvent event) {
    lanes.submit(event.userId(), () -> keysChanged(event.userId()));
  }

  private void keysChanged(UUID userId) {
    Set<UUID> audience = new LinkedHashSet<>(memberships.keyAudienceOf(userId));
    audience.add(userId);
    sessions.broadcast(audience, Push.of(PushType.KEYS_CHANGED, null, new KeysChanged(userId)));
  }

  @EventHandler
  void on(GroupCreatedEvent event, @SequenceNumber long version) {
    lanes.submit(event.conversationId(), () -> conversations.created(event, version));
  }

  @EventHandler
  void on(DirectConversationOpenedEvent event, @SequenceNumber long version) {
    lanes.submit(event.conversationId(), () -> conversations.created(event, version));
  }

  @EventHandler
  void on(GroupUpdatedEvent event, @SequenceNumber long version) {
    UUID id = event.conversationId();
    lanes.submit(
        id,
        () -> {
          conversations.updated(id, event.name(), event.topic(), event.visibility(), version);
          conversationUpdated(id);
        });
  }

  @EventHandler
  void on(GroupPictureChangedEvent event, @SequenceNumber long version) {
    UUID id = event.conversationId();
    lanes.submit(
        id,
        () -> {
          conversations.pictureChanged(id, MembershipCatchUp.idOf(event.picture()), version);
          conversationUpdated(id);
        });
  }

  private void conversationUpdated(UUID id) {
    ConversationView view = conversations.view(id);
    if (view != null) {
      toMembers(id, Push.of(PushType.CONVERSATION_UPDATED, id, view));
    }
  }

  /** The new member learns of the conversation; the others see them join. */
  @EventHandler
  void on(MemberAddedEvent event, @SequenceNumber long version) {
    UUID id = event.conversationId();
    lanes.submit(
        id,
        () -> {
          memberships.recordLive(id, event.userId(), true, version);
          ConversationView view = conversations.view(id);
          if (view != null) {
            sessions.broadcast(
                List.of(event.userId()), Push.of(PushType.CONVERSATION_CREATED, id, view));
          }
          sessions.broadcast(
              othersThan(id, event.userId()),
              Push.of(
                  PushType.MEMBER_JOINED,
                  id,
                  new MemberJoined(event.userId(), event.role().wire(), event.actorId())));
        });
  }

  /** Told to every member, who then receive nothing more of it (docs/adr/0161). */
  @EventHandler
  void on(GroupDeletedEvent event, @SequenceNumber long version) {
    UUID id = event.conversationId();
    lanes.submit(
        id,
        () -> {
          Set<UUID> audience = new LinkedHashSet<>(memberships.routeTo(id));
          audience.addAll(event.memberIds());
          sessions.broadcast(
              audience,
              Push.of(
                  PushType.CONVERSATION_DELETED, id, new ConversationDeleted(id, event.actorId())));
          for (UUID member : audience) {
            memberships.recordLive(id, member, false, version);
          }
        });
  }

  /** Told to the members including the one leaving, who then receives nothing more. */
  @EventHandler
  void on(MemberRemovedEvent event, @SequenceNumber long version) {
    UUID id = event.conversationId();
    lanes.submit(
        id,
        () -> {
          Set<UUID> audience = new LinkedHashSet<>(memberships.routeTo(id));
          audience.add(event.userId());
          sessions.broadcast(
              audience,
              Push.of(PushType.MEMBER_LEFT, id, new MemberLeft(event.userId(), event.actorId())));
          memberships.recordLive(id, event.userId(), false, version);
        });
  }

  @EventHandler
  void on(MemberRoleChangedEvent event) {
    UUID id = event.conversationId();
    lanes.submit(
        id,
        () ->
            toMembers(
                id,
                Push.of(
                    PushType.MEMBER_ROLE_CHANGED,
                    id,
                    new MemberRoleChanged(event.userId(), event.role().wire(), event.actorId()))));
  }

  @EventHandler
  void on(MessageSentEvent event) {
    UUID id = event.conversationId();
    MessageView message =
        new MessageView(
            event.messageId(),
            id,
            event.seq(),
            event.senderId(),
            event.body(),
            event.replyToMessageId(),
            event.sentAt(),
            null,
            false,
            Map.of(),
            event.attachments(),
            event.mentions(),
            event.mentionsEveryone(),
            event.ciphertext());
    lanes.submitShort(
        id,
        () -> {
          conversations.messageSeen(id, event.seq());
          receipts.sent(id, event.seq(), event.senderId());
          readAudience.sent(id, event.seq(), event.senderId());
          toMembers(id, Push.of(PushType.MESSAGE_CREATED, id, event.seq(), message));
        });
  }

  @EventHandler
  void on(MessageEditedEvent event) {
    UUID id = event.conversationId();
    MessageUpdated updated =
        new MessageUpdated(
            event.messageId(),
            event.seq(),
            event.body(),
            event.editedAt(),
            event.editorId(),
            event.ciphertext());
    lanes.submitShort(id, () -> toMembers(id, Push.of(PushType.MESSAGE_UPDATED, id, updated)));
  }

  @EventHandler
  void on(MessageDeletedEvent event) {
    UUID id = event.conversationId();
    MessageDeleted deleted =
        new MessageDeleted(event.messageId(), event.seq(), event.deletedAt(), event.actorId());
    lanes.submitShort(id, () -> toMembers(id, Push.of(PushType.MESSAGE_DELETED, id, deleted)));
  }

  @EventHandler
  void on(ReactionAddedEvent event) {
    reaction(
        event.conversationId(),
        new ReactionUpdated(event.messageId(), event.seq(), event.userId(), event.emoji(), true));
  }

  @EventHandler
  void on(ReactionRemovedEvent event) {
    reaction(
        event.conversationId(),
        new ReactionUpdated(event.messageId(), event.seq(), event.userId(), event.emoji(), false));
  }

  private void reaction(UUID conversationId, ReactionUpdated reaction) {
    lanes.submitShort(
        conversationId,
        () ->
            toMembers(
                conversationId, Push.of(PushType.REACTION_UPDATED, conversationId, reaction)));
  }

  /**
   * To the reader's devices (they clear their unread counts) and the senders of the messages the
   * step covers; to every member when this process cannot tell who they are (docs/adr/0222).
   */
  @EventHandler
  void on(ReadMarkerMovedEvent event) {
    UUID id = event.conversationId();
    MarkerMoved marker = new MarkerMoved(event.userId(), event.seq());
    lanes.submitShort(
        id,
        () -> {
          Push push = Push.of(PushType.READ_UPDATED, id, marker);
          Set<UUID> concerned = readAudience.read(id, event.userId(), event.seq());
          if (concerned == null) {
            toMembers(id, push);
          } else {
            Set<UUID> members = memberships.routeTo(id);
            sessions.broadcast(concerned.stream().filter(members::contains).toList(), push);
          }
        });
  }

  /** To the other members: the device that acknowledged already knows. */
  @EventHandler
  void on(DeliveryMarkerMovedEvent event) {
    UUID id = event.conversationId();
    MarkerMoved marker = new MarkerMoved(event.userId(), event.seq());
    lanes.submit(
        id,
        () -> {
          acks.observed(id, event.userId(), event.seq());
          sessions.broadcast(
              othersThan(id, event.userId()), Push.of(PushType.DELIVERED_UPDATED, id, marker));
        });
  }

  @EventHandler
  void on(UserPresenceChangedEvent event) {
    PresenceView presence = PresenceView.of(event.userId(), event.online(), event.lastSeenAt());
    lanes.submit(
        event.userId(),
        () ->
            sessions.toPresenceWatchers(
                event.userId(), Push.of(PushType.PRESENCE_UPDATED, null, presence)));
  }

  private List<UUID> othersThan(UUID conversationId, UUID userId) {
    return memberships.routeTo(conversationId).stream()
        .filter(member -> !member.equals(userId))
        .toList();
  }

  private void toMembers(UUID conversationId, Push push) {
    sessions.broadcast(memberships.routeTo(conversationId), push);
  }
}
