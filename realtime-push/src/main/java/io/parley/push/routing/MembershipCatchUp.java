package io.parley.push.routing;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageSentEvent;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Keeps the push service's own tables (memberships, conversations, users) complete from the whole
 * history, with a durable position. The live delivery consumer writes what it sees as well, so
 * routing never waits for this one; both writes are idempotent and ordered by aggregate version.
 */
@Component
@ProcessingGroup(MembershipCatchUp.GROUP)
class MembershipCatchUp {
  static final String GROUP = "push-membership";

  private final PushMemberships memberships;
  private final PushConversations conversations;
  private final PushUsers users;

  MembershipCatchUp(PushMemberships memberships, PushConversations conversations, PushUsers users) {
    this.memberships = memberships;
    this.conversations = conversations;
    this.users = users;
  }

  @EventHandler
  void on(MemberAddedEvent event, @SequenceNumber long version) {
    memberships.record(event.conversationId(), event.userId(), true, version);
  }

  @EventHandler
  void on(MemberRemovedEvent event, @SequenceNumber long version) {
    memberships.record(event.conversationId(), event.userId(), false, version);
  }

  @EventHandler
  void on(GroupDeletedEvent event, @SequenceNumber long version) {
    for (UUID member : event.memberIds()) {
      memberships.record(event.conversationId(), member, false, version);
    }
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
  }

  @EventHandler
  void on(MessageSentEvent event) {
    conversations.messageSent(event.conversationId(), event.seq());
  }

  @EventHandler
  void on(AccountRegisteredEvent event, @SequenceNumber long version) {
    users.registered(
        event.userId(), event.username(), event.displayName(), event.registeredAt(), version);
  }

  @EventHandler
  void on(DisplayNameChangedEvent event, @SequenceNumber long version) {
    users.renamed(event.userId(), event.displayName(), version);
  }

  @EventHandler
  void on(AvatarChangedEvent event, @SequenceNumber long version) {
    users.avatarChanged(event.userId(), idOf(event.avatar()), version);
  }

  @EventHandler
  void on(GroupPictureChangedEvent event, @SequenceNumber long version) {
    conversations.pictureChanged(event.conversationId(), idOf(event.picture()), version);
  }

  static UUID idOf(Attachment file) {
    return file == null ? null : file.attachmentId();
  }

  /**
   * A replay clears nothing: emptying these tables, and the live routing view loaded from them,
   * would route a removed member's pushes to them again until the replay passed their removal.
   * Every write here is guarded by the aggregate version and rewrites the same version, so
   * replaying over the live rows brings each row back to what its latest event said and never to an
   * older state (docs/adr/0100).
   */
  @ResetHandler
  void reset() {}
}
