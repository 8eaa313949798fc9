package io.parley.push.routing;

import io.parley.events.conversation.MemberAddedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Keeps the membership table complete from the whole history, with a durable position. The live
 * delivery consumer also writes what it sees, so routing never waits for this one.
 */
@Component
@ProcessingGroup(MembershipCatchUp.GROUP)
class MembershipCatchUp {
  static final String GROUP = "push-membership";

  private final PushMemberships memberships;

  MembershipCatchUp(PushMemberships memberships) {
    this.memberships = memberships;
  }

  @EventHandler
  void on(MemberAddedEvent event, @SequenceNumber long version) {
    memberships.record(event.conversationId(), event.userId(), true, version);
  }

  @ResetHandler
  void reset() {
    memberships.clear();
  }
}
