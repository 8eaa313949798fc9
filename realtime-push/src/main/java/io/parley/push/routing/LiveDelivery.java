package io.parley.push.routing;

import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.MessageView;
import io.parley.push.gateway.Sessions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Turns the live event stream into pushes. Runs from the head of the log with no durable position
 * (a session's resume buffer covers reconnects), routing each event to the members' sockets.
 */
@Component
@ProcessingGroup(LiveDelivery.GROUP)
class LiveDelivery {
  static final String GROUP = "push-delivery";

  private final PushMemberships memberships;
  private final Sessions sessions;

  LiveDelivery(PushMemberships memberships, Sessions sessions) {
    this.memberships = memberships;
    this.sessions = sessions;
  }

  @EventHandler
  void on(MemberAddedEvent event, @SequenceNumber long version) {
    memberships.record(event.conversationId(), event.userId(), true, version);
  }

  @EventHandler
  void on(MessageSentEvent event) {
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
            java.util.Map.of());
    sessions.broadcast(
        memberships.members(event.conversationId()),
        "message.created",
        event.conversationId(),
        event.seq(),
        message);
  }
}
