package io.parley.command.conversation;

import static io.parley.command.conversation.ConversationGroupTest.ADMIN;
import static io.parley.command.conversation.ConversationGroupTest.GROUP;
import static io.parley.command.conversation.ConversationGroupTest.MEMBER;
import static io.parley.command.conversation.ConversationGroupTest.NOW;
import static io.parley.command.conversation.ConversationGroupTest.OTHER_ADMIN;
import static io.parley.command.conversation.ConversationGroupTest.OUTSIDER;
import static io.parley.command.conversation.ConversationGroupTest.OWNER;
import static io.parley.command.conversation.ConversationGroupTest.group;
import static io.parley.command.conversation.DomainErrors.refusedWith;

import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.AddMemberCommand;
import io.parley.events.conversation.CreateInviteCommand;
import io.parley.events.conversation.DeleteGroupCommand;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.InviteCreatedEvent;
import io.parley.events.conversation.InviteRevokedEvent;
import io.parley.events.conversation.InviteUsedEvent;
import io.parley.events.conversation.JoinByInviteCommand;
import io.parley.events.conversation.JoinGroupCommand;
import io.parley.events.conversation.LeaveGroupCommand;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberBannedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.RevokeInviteCommand;
import io.parley.events.conversation.UpdateGroupCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.SendMessageCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invite links and deleting a group (docs/adr/0159, 0161). */
class InviteRulesTest {
  static final String CODE = "AAAAAAAAAAAAAAAAAAAAAAAA";
  static final UUID NEWCOMER = UUID.fromString("00000000-0000-0000-0000-000000000009");
  static final Instant LATER = NOW.plusSeconds(3600);

  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  static List<Object> privateGroupWith(Object... more) {
    List<Object> events = new ArrayList<>(List.of(group(Visibility.PRIVATE)));
    events.addAll(List.of(more));
    return events;
  }

  static InviteCreatedEvent invite(Instant expiresAt, Integer maxUses) {
    return new InviteCreatedEvent(GROUP, CODE, ADMIN, expiresAt, maxUses, NOW);
  }

  @Test
  void anAdminCreatesAnInviteWithExpiryAndUses() {
    fixture
        .given(privateGroupWith())
        .when(new CreateInviteCommand(GROUP, ADMIN, CODE, LATER, 5, NOW))
        .expectEvents(new InviteCreatedEvent(GROUP, CODE, ADMIN, LATER, 5, NOW));
  }

  @Test
  void aMemberCannotCreateAnInvite() {
    fixture
        .given(privateGroupWith())
        .when(new CreateInviteCommand(GROUP, MEMBER, CODE, null, null, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void anOutsiderOfAPrivateGroupLearnsNothing() {
    fixture
        .given(privateGroupWith())
        .when(new CreateInviteCommand(GROUP, OUTSIDER, CODE, null, null, NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void anExpiryInThePastIsRefused() {
    fixture
        .given(privateGroupWith())
        .when(new CreateInviteCommand(GROUP, OWNER, CODE, NOW, null, NOW))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void anOutsiderJoinsAPrivateGroupByInviteAndSpendsAUse() {
    fixture
        .given(privateGroupWith(invite(LATER, 2)))
        .when(new JoinByInviteCommand(GROUP, NEWCOMER, CODE, NOW))
        .expectEvents(
            new InviteUsedEvent(GROUP, CODE, NEWCOMER, NOW),
            new MemberAddedEvent(GROUP, NEWCOMER, NEWCOMER, MemberRole.MEMBER, NOW));
  }

  @Test
  void aMemberJoiningAgainSpendsNothingEvenWithASpentLink() {
    fixture
        .given(
            privateGroupWith(
                invite(LATER, 1),
                new InviteUsedEvent(GROUP, CODE, NEWCOMER, NOW),
                new MemberAddedEvent(GROUP, NEWCOMER, NEWCOMER, MemberRole.MEMBER, NOW)))
        .when(new JoinByInviteCommand(GROUP, NEWCOMER, CODE, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void anExpiredInviteIsGone() {
    fixture
        .given(privateGroupWith(invite(LATER, null)))
        .when(new JoinByInviteCommand(GROUP, NEWCOMER, CODE, LATER))
        .expectException(refusedWith(ErrorCode.INVITE_GONE));
  }

  @Test
  void aUsedUpInviteIsGone() {
    fixture
        .given(
            privateGroupWith(
                invite(null, 1),
                new InviteUsedEvent(GROUP, CODE, OUTSIDER, NOW),
                new MemberAddedEvent(GROUP, OUTSIDER, OUTSIDER, MemberRole.MEMBER, NOW)))
        .when(new JoinByInviteCommand(GROUP, NEWCOMER, CODE, NOW))
        .expectException(refusedWith(ErrorCode.INVITE_GONE));
  }

  @Test
  void aRevokedInviteIsGone() {
    fixture
        .given(
            privateGroupWith(invite(null, null), new InviteRevokedEvent(GROUP, CODE, OWNER, NOW)))
        .when(new JoinByInviteCommand(GROUP, NEWCOMER, CODE, NOW))
        .expectException(refusedWith(ErrorCode.INVITE_GONE));
  }

  @Test
  void revokingIsForManagersAndTwiceIsOnce() {
    fixture
        .given(privateGroupWith(invite(null, null)))
        .when(new RevokeInviteCommand(GROUP, OTHER_ADMIN, CODE, NOW))
        .expectEvents(new InviteRevokedEvent(GROUP, CODE, OTHER_ADMIN, NOW));
    fixture
        .given(
            privateGroupWith(invite(null, null), new InviteRevokedEvent(GROUP, CODE, OWNER, NOW)))
        .when(new RevokeInviteCommand(GROUP, OWNER, CODE, NOW))
        .expectNoEvents();
    fixture
        .given(privateGroupWith(invite(null, null)))
        .when(new RevokeInviteCommand(GROUP, MEMBER, CODE, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void aBannedUserCannotJoinByInvite() {
    fixture
        .given(
            privateGroupWith(
                invite(null, null), new MemberBannedEvent(GROUP, OWNER, NEWCOMER, NOW)))
        .when(new JoinByInviteCommand(GROUP, NEWCOMER, CODE, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void onlyTheOwnerDeletesAGroup() {
    fixture
        .given(privateGroupWith())
        .when(new DeleteGroupCommand(GROUP, ADMIN, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void deletingNamesTheMembersAndTheSameOwnerDeletingAgainIsDone() {
    fixture
        .given(privateGroupWith())
        .when(new DeleteGroupCommand(GROUP, OWNER, NOW))
        .expectEvents(
            new GroupDeletedEvent(GROUP, OWNER, List.of(OWNER, ADMIN, MEMBER, OTHER_ADMIN), NOW));
    fixture
        .given(privateGroupWith(new GroupDeletedEvent(GROUP, OWNER, List.of(), NOW)))
        .when(new DeleteGroupCommand(GROUP, OWNER, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void aDeletedGroupRefusesEverything() {
    List<Object> deleted =
        privateGroupWith(invite(null, null), new GroupDeletedEvent(GROUP, OWNER, List.of(), NOW));
    List<Object> commands =
        List.of(
            new JoinByInviteCommand(GROUP, NEWCOMER, CODE, NOW),
            new CreateInviteCommand(GROUP, OWNER, "BBBBBBBBBBBBBBBBBBBBBBBB", null, null, NOW),
            new JoinGroupCommand(GROUP, NEWCOMER, NOW),
            new AddMemberCommand(GROUP, OWNER, NEWCOMER, NOW),
            new UpdateGroupCommand(GROUP, OWNER, "New", null, null, NOW),
            new LeaveGroupCommand(GROUP, MEMBER, NOW),
            new DeleteGroupCommand(GROUP, ADMIN, NOW),
            new SendMessageCommand(
                GROUP, MEMBER, 1L, UUID.randomUUID(), "hi", null, NOW, List.of()));
    for (Object command : commands) {
      fixture
          .given(deleted)
          .when(command)
          .expectException(refusedWith(ErrorCode.NOT_FOUND))
          .expectNoEvents();
    }
  }
}
