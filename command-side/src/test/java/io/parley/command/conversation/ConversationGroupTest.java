package io.parley.command.conversation;

import static io.parley.command.conversation.DomainErrors.refusedWith;

import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.AddMemberCommand;
import io.parley.events.conversation.ChangeMemberRoleCommand;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.JoinGroupCommand;
import io.parley.events.conversation.LeaveGroupCommand;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.events.conversation.OpenDirectConversationCommand;
import io.parley.events.conversation.RemoveMemberCommand;
import io.parley.events.conversation.UpdateGroupCommand;
import io.parley.events.conversation.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationGroupTest {
  static final Instant CREATED = Instant.parse("2026-11-23T08:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
  static final UUID GROUP = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  static final UUID OWNER = UUID.fromString("00000000-0000-0000-0000-000000000001");
  static final UUID ADMIN = UUID.fromString("00000000-0000-0000-0000-000000000002");
  static final UUID MEMBER = UUID.fromString("00000000-0000-0000-0000-000000000003");
  static final UUID OUTSIDER = UUID.fromString("00000000-0000-0000-0000-000000000004");
  static final UUID OTHER_ADMIN = UUID.fromString("00000000-0000-0000-0000-000000000005");

  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  static Object[] group(Visibility visibility) {
    return new Object[] {
      new GroupCreatedEvent(GROUP, OWNER, "Team", "Topic", visibility, CREATED),
      new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED),
      new MemberAddedEvent(GROUP, OWNER, ADMIN, MemberRole.MEMBER, CREATED),
      new MemberRoleChangedEvent(GROUP, OWNER, ADMIN, MemberRole.ADMIN, CREATED),
      new MemberAddedEvent(GROUP, OWNER, OTHER_ADMIN, MemberRole.MEMBER, CREATED),
      new MemberRoleChangedEvent(GROUP, OWNER, OTHER_ADMIN, MemberRole.ADMIN, CREATED),
      new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, CREATED)
    };
  }

  static ConversationView view(Visibility visibility, String name, String topic, int members) {
    return new ConversationView(
        GROUP, "group", name, topic, visibility.wire(), members, CREATED, 0);
  }

  @Test
  void creatingAGroupMakesTheCreatorOwnerAndAddsEachInitialMemberOnce() {
    fixture
        .givenNoPriorActivity()
        .when(
            new CreateGroupCommand(
                GROUP, OWNER, "Team", "", Visibility.PUBLIC, List.of(MEMBER, MEMBER, OWNER), NOW))
        .expectEvents(
            new GroupCreatedEvent(GROUP, OWNER, "Team", "", Visibility.PUBLIC, NOW),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, NOW),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, NOW));
  }

  @Test
  void aGroupCannotStartWithMoreThanTenThousandMembers() {
    List<UUID> many = new ArrayList<>();
    IntStream.range(0, Conversation.MAX_MEMBERS).forEach(i -> many.add(UUID.randomUUID()));
    fixture
        .givenNoPriorActivity()
        .when(new CreateGroupCommand(GROUP, OWNER, "Big", "", Visibility.PUBLIC, many, NOW))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void openingADirectConversationAddsBothUsers() {
    fixture
        .givenNoPriorActivity()
        .when(new OpenDirectConversationCommand(GROUP, OWNER, MEMBER, NOW))
        .expectEvents(
            new DirectConversationOpenedEvent(GROUP, OWNER, MEMBER, NOW),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.MEMBER, NOW),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, NOW))
        .expectResultMessagePayload(
            new ConversationView(GROUP, "direct", null, null, "private", 2, NOW, 0));
  }

  @Test
  void openingAnExistingDirectConversationAgainFromEitherSideChangesNothing() {
    fixture
        .given(
            new DirectConversationOpenedEvent(GROUP, OWNER, MEMBER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.MEMBER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, CREATED))
        .when(new OpenDirectConversationCommand(GROUP, MEMBER, OWNER, NOW))
        .expectNoEvents()
        .expectResultMessagePayload(
            new ConversationView(GROUP, "direct", null, null, "private", 2, CREATED, 0));
  }

  @Test
  void aDirectConversationIdCannotOpenAGroup() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new OpenDirectConversationCommand(GROUP, OWNER, MEMBER, NOW))
        .expectException(refusedWith(ErrorCode.CONFLICT));
  }

  @Test
  void anAdminRenamesAGroupAndTheEventCarriesEverySetting() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new UpdateGroupCommand(GROUP, ADMIN, "Renamed", null, Visibility.PUBLIC, NOW))
        .expectEvents(
            new GroupUpdatedEvent(GROUP, ADMIN, "Renamed", "Topic", Visibility.PUBLIC, NOW))
        .expectResultMessagePayload(view(Visibility.PUBLIC, "Renamed", "Topic", 4));
  }

  @Test
  void anUpdateThatChangesNothingEmitsNoEvent() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new UpdateGroupCommand(GROUP, OWNER, "Team", "Topic", null, NOW))
        .expectNoEvents();
  }

  @Test
  void aPlainMemberCannotChangeAGroup() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new UpdateGroupCommand(GROUP, MEMBER, "Mine", null, null, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void aNonMemberCannotChangeAPublicGroup() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new UpdateGroupCommand(GROUP, OUTSIDER, "Mine", null, null, NOW))
        .expectException(refusedWith(ErrorCode.NOT_A_MEMBER));
  }

  @Test
  void aPrivateGroupDoesNotExistForANonMember() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new UpdateGroupCommand(GROUP, OUTSIDER, "Mine", null, null, NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void groupCommandsDoNotApplyToADirectConversation() {
    fixture
        .given(
            new DirectConversationOpenedEvent(GROUP, OWNER, MEMBER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.MEMBER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, CREATED))
        .when(new UpdateGroupCommand(GROUP, OWNER, "Name", null, null, NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void anyoneJoinsAPublicGroupAsMember() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new JoinGroupCommand(GROUP, OUTSIDER, NOW))
        .expectEvents(new MemberAddedEvent(GROUP, OUTSIDER, OUTSIDER, MemberRole.MEMBER, NOW))
        .expectResultMessagePayload(view(Visibility.PUBLIC, "Team", "Topic", 5));
  }

  @Test
  void joiningAgainEmitsNoEvent() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new JoinGroupCommand(GROUP, MEMBER, NOW))
        .expectNoEvents()
        .expectResultMessagePayload(view(Visibility.PUBLIC, "Team", "Topic", 4));
  }

  @Test
  void nobodyJoinsAPrivateGroupUninvited() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new JoinGroupCommand(GROUP, OUTSIDER, NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void whoeverJoinsAnEmptiedGroupOwnsIt() {
    fixture
        .given(
            new GroupCreatedEvent(GROUP, OWNER, "Team", "", Visibility.PUBLIC, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED),
            new MemberRemovedEvent(GROUP, OWNER, OWNER, CREATED))
        .when(new JoinGroupCommand(GROUP, OUTSIDER, NOW))
        .expectEvents(new MemberAddedEvent(GROUP, OUTSIDER, OUTSIDER, MemberRole.OWNER, NOW));
  }

  @Test
  void aFullGroupTakesNoOneElse() {
    List<Object> events = new ArrayList<>();
    events.add(new GroupCreatedEvent(GROUP, OWNER, "Big", "", Visibility.PUBLIC, CREATED));
    events.add(new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED));
    for (int i = 1; i < Conversation.MAX_MEMBERS; i++) {
      events.add(new MemberAddedEvent(GROUP, OWNER, new UUID(1, i), MemberRole.MEMBER, CREATED));
    }
    fixture
        .given(events)
        .when(new JoinGroupCommand(GROUP, OUTSIDER, NOW))
        .expectException(refusedWith(ErrorCode.CONFLICT));
  }

  @Test
  void aMemberLeaves() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new LeaveGroupCommand(GROUP, MEMBER, NOW))
        .expectEvents(new MemberRemovedEvent(GROUP, MEMBER, MEMBER, NOW));
  }

  @Test
  void leavingAgainEmitsNoEvent() {
    fixture
        .given(group(Visibility.PRIVATE))
        .andGivenCommands(new LeaveGroupCommand(GROUP, MEMBER, CREATED))
        .when(new LeaveGroupCommand(GROUP, MEMBER, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void theOwnerCannotLeaveWhileOthersRemain() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new LeaveGroupCommand(GROUP, OWNER, NOW))
        .expectException(refusedWith(ErrorCode.CONFLICT));
  }

  @Test
  void theLastMemberLeavesEvenAsOwner() {
    fixture
        .given(
            new GroupCreatedEvent(GROUP, OWNER, "Solo", "", Visibility.PRIVATE, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED))
        .when(new LeaveGroupCommand(GROUP, OWNER, NOW))
        .expectEvents(new MemberRemovedEvent(GROUP, OWNER, OWNER, NOW));
  }

  @Test
  void anAdminAddsAMember() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new AddMemberCommand(GROUP, ADMIN, OUTSIDER, NOW))
        .expectEvents(new MemberAddedEvent(GROUP, ADMIN, OUTSIDER, MemberRole.MEMBER, NOW));
  }

  @Test
  void addingAMemberTwiceEmitsNoEvent() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new AddMemberCommand(GROUP, OWNER, MEMBER, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void aPlainMemberCannotAddMembers() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new AddMemberCommand(GROUP, MEMBER, OUTSIDER, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void anOutsiderCannotAddMembersToAPrivateGroupItCannotSee() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new AddMemberCommand(GROUP, OUTSIDER, OUTSIDER, NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void anAdminRemovesAPlainMember() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new RemoveMemberCommand(GROUP, ADMIN, MEMBER, NOW))
        .expectEvents(new MemberRemovedEvent(GROUP, ADMIN, MEMBER, NOW));
  }

  @Test
  void theOwnerRemovesAnAdmin() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new RemoveMemberCommand(GROUP, OWNER, ADMIN, NOW))
        .expectEvents(new MemberRemovedEvent(GROUP, OWNER, ADMIN, NOW));
  }

  @Test
  void anAdminCannotRemoveTheOwner() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new RemoveMemberCommand(GROUP, ADMIN, OWNER, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void anAdminCannotRemoveAnotherAdmin() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new RemoveMemberCommand(GROUP, ADMIN, OTHER_ADMIN, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void aPlainMemberCannotRemoveAnyone() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new RemoveMemberCommand(GROUP, MEMBER, ADMIN, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void removingSomeoneAlreadyGoneEmitsNoEvent() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new RemoveMemberCommand(GROUP, OWNER, OUTSIDER, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void theOwnerMakesAMemberAdmin() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeMemberRoleCommand(GROUP, OWNER, MEMBER, MemberRole.ADMIN, NOW))
        .expectEvents(new MemberRoleChangedEvent(GROUP, OWNER, MEMBER, MemberRole.ADMIN, NOW));
  }

  @Test
  void givingTheOwnerRoleTransfersOwnershipAndTheFormerOwnerBecomesAdmin() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeMemberRoleCommand(GROUP, OWNER, MEMBER, MemberRole.OWNER, NOW))
        .expectEvents(
            new MemberRoleChangedEvent(GROUP, OWNER, MEMBER, MemberRole.OWNER, NOW),
            new MemberRoleChangedEvent(GROUP, OWNER, OWNER, MemberRole.ADMIN, NOW));
  }

  @Test
  void afterHandingOverOwnershipTheFormerOwnerMayLeave() {
    fixture
        .given(group(Visibility.PRIVATE))
        .andGivenCommands(new ChangeMemberRoleCommand(GROUP, OWNER, MEMBER, MemberRole.OWNER, NOW))
        .when(new LeaveGroupCommand(GROUP, OWNER, NOW))
        .expectEvents(new MemberRemovedEvent(GROUP, OWNER, OWNER, NOW));
  }

  @Test
  void anAdminCannotChangeRoles() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeMemberRoleCommand(GROUP, ADMIN, MEMBER, MemberRole.ADMIN, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void aRoleGoesOnlyToAMember() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeMemberRoleCommand(GROUP, OWNER, OUTSIDER, MemberRole.ADMIN, NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void theOwnerCannotDemoteThemselvesWithoutAnHeir() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeMemberRoleCommand(GROUP, OWNER, OWNER, MemberRole.MEMBER, NOW))
        .expectException(refusedWith(ErrorCode.CONFLICT));
  }

  @Test
  void givingTheRoleSomeoneAlreadyHasEmitsNoEvent() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeMemberRoleCommand(GROUP, OWNER, ADMIN, MemberRole.ADMIN, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }
}
