package io.parley.command.conversation;

import static io.parley.command.conversation.ConversationGroupTest.GROUP;
import static io.parley.command.conversation.ConversationGroupTest.MEMBER;
import static io.parley.command.conversation.ConversationGroupTest.NOW;
import static io.parley.command.conversation.ConversationGroupTest.OUTSIDER;
import static io.parley.command.conversation.ConversationGroupTest.OWNER;
import static io.parley.command.conversation.ConversationGroupTest.group;
import static io.parley.command.conversation.DomainErrors.refusedWith;

import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.LeaveGroupCommand;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.NotificationLevel;
import io.parley.events.conversation.NotificationLevelChangedEvent;
import io.parley.events.conversation.SetNotificationLevelCommand;
import io.parley.events.conversation.Visibility;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notification levels per member (docs/adr/0154). */
class NotificationLevelsTest {
  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  private static Object[] groupAnd(Object... more) {
    List<Object> events = new ArrayList<>(List.of(group(Visibility.PRIVATE)));
    events.addAll(List.of(more));
    return events.toArray();
  }

  @Test
  void aMemberMutesAConversation() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new SetNotificationLevelCommand(GROUP, MEMBER, NotificationLevel.MUTED, NOW))
        .expectEvents(
            new NotificationLevelChangedEvent(GROUP, MEMBER, NotificationLevel.MUTED, NOW));
  }

  @Test
  void settingTheDefaultLevelAgainChangesNothing() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new SetNotificationLevelCommand(GROUP, MEMBER, NotificationLevel.ALL, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void settingTheCurrentLevelChangesNothing() {
    fixture
        .given(
            groupAnd(
                new NotificationLevelChangedEvent(GROUP, MEMBER, NotificationLevel.MENTIONS, NOW)))
        .when(new SetNotificationLevelCommand(GROUP, MEMBER, NotificationLevel.MENTIONS, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void goingBackToAllIsAChange() {
    fixture
        .given(
            groupAnd(
                new NotificationLevelChangedEvent(GROUP, MEMBER, NotificationLevel.MUTED, NOW)))
        .when(new SetNotificationLevelCommand(GROUP, MEMBER, NotificationLevel.ALL, NOW))
        .expectEvents(new NotificationLevelChangedEvent(GROUP, MEMBER, NotificationLevel.ALL, NOW));
  }

  @Test
  void aNonMemberOfAPrivateGroupLearnsNothing() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new SetNotificationLevelCommand(GROUP, OUTSIDER, NotificationLevel.MUTED, NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void aNonMemberOfAPublicGroupIsRefusedAsForOtherMemberWrites() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new SetNotificationLevelCommand(GROUP, OUTSIDER, NotificationLevel.MUTED, NOW))
        .expectException(refusedWith(ErrorCode.NOT_A_MEMBER));
  }

  @Test
  void leavingForgetsTheLevel() {
    fixture
        .given(
            groupAnd(
                new NotificationLevelChangedEvent(GROUP, MEMBER, NotificationLevel.MUTED, NOW),
                new MemberRemovedEvent(GROUP, MEMBER, MEMBER, NOW),
                new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, NOW)))
        .when(new SetNotificationLevelCommand(GROUP, MEMBER, NotificationLevel.MUTED, NOW))
        .expectEvents(
            new NotificationLevelChangedEvent(GROUP, MEMBER, NotificationLevel.MUTED, NOW));
  }

  @Test
  void leavingAfterMutingStillWorks() {
    fixture
        .given(
            groupAnd(
                new NotificationLevelChangedEvent(GROUP, MEMBER, NotificationLevel.MUTED, NOW)))
        .when(new LeaveGroupCommand(GROUP, MEMBER, NOW))
        .expectEvents(new MemberRemovedEvent(GROUP, MEMBER, MEMBER, NOW));
  }
}
