package io.parley.push.routing;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.account.UserPresenceChangedEvent;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRoleChangedEvent;
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
import io.parley.push.receipts.DeliveryAcks;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/**
 * Turns the live event stream into pushes. Runs from the head of the log with no durable position
 * (a session's replay buffer covers reconnects) on one thread, so routing state (memberships) is
 * always exactly as of the event being pushed: a member removed by one event receives none of the
 * next, a member added receives the very next one.
 */
@Component
@ProcessingGroup(LiveDelivery.GROUP)
class LiveDelivery {
  static final String GROUP = "push-delivery";

  private final PushMemberships memberships;
  private final PushConversations conversations;
  private final PushUsers users;
  private final Sessions sessions;
  private final TimelineGate timeline;
  private final DeliveryAcks acks;

  LiveDelivery(
      PushMemberships memberships,
      PushConversations conversations,
      PushUsers users,
      Sessions sessions,
      TimelineGate timeline,
      DeliveryAcks acks) {
    this.memberships = memberships;
    this.conversations = conversations;
    this.users = users;
    this.sessions = sessions;
    this.timeline = timeline;
    this.acks = acks;
  }

  @EventHandler
  void on(AccountRegisteredEvent event, @SequenceNumber long version) {
    users.registered(
        event.userId(), event.username(), event.displayName(), event.registeredAt(), version);
  }

  /** To everyone who shares a conversation with the user or watches their presence. */
  @EventHandler
  void on(DisplayNameChangedEvent event, @SequenceNumber long version) {
    users.renamed(event.userId(), event.displayName(), version);
    Set<UUID> audience = new LinkedHashSet<>(memberships.contactsOf(event.userId()));
    audience.add(event.userId());
    audience.addAll(sessions.presenceWatchersOf(event.userId()));
    sessions.broadcast(audience, Push.of("user.updated", null, null, users.view(event.userId())));
  }

  @EventHandler
  void on(GroupCreatedEvent event, @SequenceNumber long version) {
    conversations.created(event, version);
  }

  @EventHandler
  void on(DirectConversationOpenedEvent event, @SequenceNumber long version) {
    conversations.created(event, version);
  }

  @EventHandler
  void on(GroupUpdatedEvent event, @SequenceNumber long version) {
    conversations.updated(
        event.conversationId(), event.name(), event.topic(), event.visibility(), version);
    ConversationView view = conversations.view(event.conversationId());
    if (view != null) {
      toMembers(
          event.conversationId(),
          Push.of("conversation.updated", view.conversationId(), null, view));
    }
  }

  /** The new member learns of the conversation; the others see them join. */
  @EventHandler
  void on(MemberAddedEvent event, @SequenceNumber long version) {
    memberships.recordLive(event.conversationId(), event.userId(), true, version);
    ConversationView view = conversations.view(event.conversationId());
    if (view != null) {
      sessions.broadcast(
          List.of(event.userId()),
          Push.of("conversation.created", event.conversationId(), null, view));
    }
    List<UUID> others =
        memberships.routeTo(event.conversationId()).stream()
            .filter(member -> !member.equals(event.userId()))
            .toList();
    sessions.broadcast(
        others,
        Push.of(
            "member.joined",
            event.conversationId(),
            null,
            Map.of(
                "userId", event.userId(),
                "role", event.role().wire(),
                "actorId", event.actorId())));
  }

  /** Told to the members including the one leaving, who then receives nothing more. */
  @EventHandler
  void on(MemberRemovedEvent event, @SequenceNumber long version) {
    Set<UUID> audience = new LinkedHashSet<>(memberships.routeTo(event.conversationId()));
    audience.add(event.userId());
    sessions.broadcast(
        audience,
        Push.of(
            "member.left",
            event.conversationId(),
            null,
            Map.of("userId", event.userId(), "actorId", event.actorId())));
    memberships.recordLive(event.conversationId(), event.userId(), false, version);
  }

  @EventHandler
  void on(MemberRoleChangedEvent event) {
    toMembers(
        event.conversationId(),
        Push.of(
            "member.role_changed",
            event.conversationId(),
            null,
            Map.of(
                "userId", event.userId(),
                "role", event.role().wire(),
                "actorId", event.actorId())));
  }

  @EventHandler
  void on(MessageSentEvent event, TrackingToken position) {
    conversations.messageSeen(event.conversationId(), event.seq());
    MessageView message =
        new MessageView(
            event.messageId(),
            event.conversationId(),
            event.seq(),
            event.senderId(),
            event.body(),
            event.replyToMessageId(),
            event.sentAt(),
            null,
            false,
            Map.of());
    timeline.awaitStored(position, event.conversationId().toString());
    toMembers(
        event.conversationId(),
        Push.of("message.created", event.conversationId(), event.seq(), message));
  }

  @EventHandler
  void on(MessageEditedEvent event) {
    toMembers(
        event.conversationId(),
        Push.of(
            "message.updated",
            event.conversationId(),
            null,
            Map.of(
                "messageId", String.valueOf(event.messageId()),
                "seq", event.seq(),
                "body", event.body(),
                "editedAt", event.editedAt(),
                "editorId", event.editorId())));
  }

  @EventHandler
  void on(MessageDeletedEvent event) {
    toMembers(
        event.conversationId(),
        Push.of(
            "message.deleted",
            event.conversationId(),
            null,
            Map.of(
                "messageId", String.valueOf(event.messageId()),
                "seq", event.seq(),
                "deleted", true,
                "deletedAt", event.deletedAt(),
                "actorId", event.actorId())));
  }

  @EventHandler
  void on(ReactionAddedEvent event) {
    reaction(
        event.conversationId(),
        event.seq(),
        event.messageId(),
        event.userId(),
        event.emoji(),
        true);
  }

  @EventHandler
  void on(ReactionRemovedEvent event) {
    reaction(
        event.conversationId(),
        event.seq(),
        event.messageId(),
        event.userId(),
        event.emoji(),
        false);
  }

  private void reaction(
      UUID conversationId, long seq, long messageId, UUID userId, String emoji, boolean reacted) {
    toMembers(
        conversationId,
        Push.of(
            "reaction.updated",
            conversationId,
            null,
            Map.of(
                "messageId", String.valueOf(messageId),
                "seq", seq,
                "userId", userId,
                "emoji", emoji,
                "reacted", reacted)));
  }

  /** To every member, the reader's other devices included (they clear their unread counts). */
  @EventHandler
  void on(ReadMarkerMovedEvent event) {
    toMembers(
        event.conversationId(),
        Push.of(
            "read.updated",
            event.conversationId(),
            null,
            Map.of("userId", event.userId(), "seq", event.seq())));
  }

  /** To the other members: the device that acknowledged already knows. */
  @EventHandler
  void on(DeliveryMarkerMovedEvent event) {
    acks.observed(event.conversationId(), event.userId(), event.seq());
    List<UUID> others =
        memberships.routeTo(event.conversationId()).stream()
            .filter(member -> !member.equals(event.userId()))
            .toList();
    sessions.broadcast(
        others,
        Push.of(
            "delivered.updated",
            event.conversationId(),
            null,
            Map.of("userId", event.userId(), "seq", event.seq())));
  }

  @EventHandler
  void on(UserPresenceChangedEvent event) {
    sessions.toPresenceWatchers(
        event.userId(),
        Push.ephemeral(
            "presence.updated",
            null,
            PresenceView.of(event.userId(), event.online(), event.lastSeenAt())));
  }

  private void toMembers(UUID conversationId, Push push) {
    sessions.broadcast(memberships.routeTo(conversationId), push);
  }
}
