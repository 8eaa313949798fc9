package io.parley.command.conversation;

import static io.parley.command.conversation.ConversationGroupTest.ADMIN;
import static io.parley.command.conversation.ConversationGroupTest.CREATED;
import static io.parley.command.conversation.ConversationGroupTest.GROUP;
import static io.parley.command.conversation.ConversationGroupTest.MEMBER;
import static io.parley.command.conversation.ConversationGroupTest.NOW;
import static io.parley.command.conversation.ConversationGroupTest.OTHER_ADMIN;
import static io.parley.command.conversation.ConversationGroupTest.OUTSIDER;
import static io.parley.command.conversation.ConversationGroupTest.OWNER;
import static io.parley.command.conversation.ConversationGroupTest.group;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.JoinGroupCommand;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.events.conversation.RemoveDeletedAccountCommand;
import io.parley.events.conversation.Visibility;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What deleting an account does to each conversation it belongs to (docs/adr/0162). */
class DeletedAccountRulesTest {
  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  @Test
  void aDeletedMemberLeavesTheGroup() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new RemoveDeletedAccountCommand(GROUP, MEMBER, NOW))
        .expectEvents(new MemberRemovedEvent(GROUP, MEMBER, MEMBER, NOW));
  }

  @Test
  void aDeletedOwnersGroupPassesToTheLongestStandingAdmin() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new RemoveDeletedAccountCommand(GROUP, OWNER, NOW))
        .expectEvents(
            new MemberRoleChangedEvent(GROUP, OWNER, ADMIN, MemberRole.OWNER, NOW),
            new MemberRemovedEvent(GROUP, OWNER, OWNER, NOW));
  }

  @Test
  void aLaterAdminDoesNotInheritBeforeAnEarlierOne() {
    fixture
        .given(group(Visibility.PRIVATE))
        .andGiven(new MemberRoleChangedEvent(GROUP, OWNER, ADMIN, MemberRole.MEMBER, CREATED))
        .when(new RemoveDeletedAccountCommand(GROUP, OWNER, NOW))
        .expectEvents(
            new MemberRoleChangedEvent(GROUP, OWNER, OTHER_ADMIN, MemberRole.OWNER, NOW),
            new MemberRemovedEvent(GROUP, OWNER, OWNER, NOW));
  }

  @Test
  void withoutAdminsTheLongestStandingMemberInherits() {
    fixture
        .given(
            new GroupCreatedEvent(GROUP, OWNER, "Team", null, Visibility.PUBLIC, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, ADMIN, MemberRole.MEMBER, CREATED))
        .when(new RemoveDeletedAccountCommand(GROUP, OWNER, NOW))
        .expectEvents(
            new MemberRoleChangedEvent(GROUP, OWNER, MEMBER, MemberRole.OWNER, NOW),
            new MemberRemovedEvent(GROUP, OWNER, OWNER, NOW));
  }

  @Test
  void anOwnerAloneLeavesTheGroupEmptyAndTheNextJoinerOwnsIt() {
    fixture
        .given(
            new GroupCreatedEvent(GROUP, OWNER, "Team", null, Visibility.PUBLIC, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED),
            new MemberRemovedEvent(GROUP, OWNER, OWNER, NOW))
        .when(new JoinGroupCommand(GROUP, OUTSIDER, NOW))
        .expectEvents(new MemberAddedEvent(GROUP, OUTSIDER, OUTSIDER, MemberRole.OWNER, NOW));
    fixture
        .given(
            new GroupCreatedEvent(GROUP, OWNER, "Team", null, Visibility.PUBLIC, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED))
        .when(new RemoveDeletedAccountCommand(GROUP, OWNER, NOW))
        .expectEvents(new MemberRemovedEvent(GROUP, OWNER, OWNER, NOW));
  }

  @Test
  void aNonMemberIsANoOp() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new RemoveDeletedAccountCommand(GROUP, OUTSIDER, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void aDirectConversationKeepsTheDeletedAccountForItsPeer() {
    fixture
        .given(
            new DirectConversationOpenedEvent(GROUP, OWNER, MEMBER, NOW),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.MEMBER, NOW),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, NOW))
        .when(new RemoveDeletedAccountCommand(GROUP, OWNER, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }
}
