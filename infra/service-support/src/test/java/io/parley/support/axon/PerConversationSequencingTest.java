package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.account.UserPresenceChangedEvent;
import io.parley.events.message.DeliveryMarkerMovedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.junit.jupiter.api.Test;

class PerConversationSequencingTest {
  static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  final PerConversationSequencing policy = PerConversationSequencing.INSTANCE;
  final UUID conversation = UUID.randomUUID();
  final UUID user = UUID.randomUUID();

  @Test
  void markersPublishedOutsideTheAggregateFollowTheirConversationsMessagesInEverySegmentation() {
    Object message =
        policy.getSequenceIdentifierFor(
            new GenericDomainEventMessage<>(
                "Conversation",
                conversation.toString(),
                4,
                new MessageSentEvent(conversation, 1, 1, user, UUID.randomUUID(), "hi", null, T)));
    Object read =
        policy.getSequenceIdentifierFor(
            GenericEventMessage.asEventMessage(new ReadMarkerMovedEvent(conversation, user, 1, T)));
    Object delivered =
        policy.getSequenceIdentifierFor(
            GenericEventMessage.asEventMessage(
                new DeliveryMarkerMovedEvent(conversation, user, 1, T)));

    assertThat(read).isEqualTo(message).isEqualTo(delivered).isEqualTo(conversation.toString());
    for (int count : new int[] {2, 4, 8, 16}) {
      for (Segment segment : Segment.splitBalanced(Segment.ROOT_SEGMENT, count - 1)) {
        assertThat(segment.matches(read)).isEqualTo(segment.matches(message));
      }
    }
  }

  @Test
  void presenceFollowsItsUserAndAnythingElseIsUnordered() {
    assertThat(
            policy.getSequenceIdentifierFor(
                GenericEventMessage.asEventMessage(new UserPresenceChangedEvent(user, true, T))))
        .isEqualTo(user.toString());
    assertThat(policy.getSequenceIdentifierFor(GenericEventMessage.asEventMessage("text")))
        .isNull();
  }
}
