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
import io.parley.events.conversation.BanMemberCommand;
import io.parley.events.conversation.JoinGroupCommand;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberBannedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.MemberUnbannedEvent;
import io.parley.events.conversation.UnbanMemberCommand;
import io.parley.events.conversation.Visibility;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BanRulesTest {
  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  static List<Object> publicGroupWith(Object... more) {
    List<Object> events = new ArrayList<>(List.of(group(Visibility.PUBLIC)));
    events.addAll(List.of(more));
    return events;
  }

  @Test
  void banningAMemberRemovesThemAndBansThem() {
    fixture
        .given(publicGroupWith())
        .when(new BanMemberCommand(GROUP, ADMIN, MEMBER, NOW))
        .expectEvents(
            new MemberRemovedEvent(GROUP, ADMIN, MEMBER, NOW),
            new MemberBannedEvent(GROUP, ADMIN, MEMBER, NOW));
  }

  @Test
  void aUserWhoIsNotAMemberCanBeBannedAhead() {
    fixture
        .given(publicGroupWith())
        .when(new BanMemberCommand(GROUP, OWNER, OUTSIDER, NOW))
        .expectEvents(new MemberBannedEvent(GROUP, OWNER, OUTSIDER, NOW));
  }

  @Test
  void banningTwiceIsBanningOnce() {
    fixture
        .given(publicGroupWith(new MemberBannedEvent(GROUP, OWNER, OUTSIDER, NOW)))
        .when(new BanMemberCommand(GROUP, OWNER, OUTSIDER, NOW))
        .expectNoEvents();
  }

  @Test
  void aBannedUserCannotJoinAPublicGroup() {
    fixture
        .given(
            publicGroupWith(
                new MemberRemovedEvent(GROUP, ADMIN, MEMBER, NOW),
                new MemberBannedEvent(GROUP, ADMIN, MEMBER, NOW)))
        .when(new JoinGroupCommand(GROUP, MEMBER, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void aBannedUserCannotBeAdded() {
    fixture
        .given(publicGroupWith(new MemberBannedEvent(GROUP, OWNER, OUTSIDER, NOW)))
        .when(new AddMemberCommand(GROUP, OWNER, OUTSIDER, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void anUnbannedUserMayJoinAgain() {
    fixture
        .given(
            publicGroupWith(
                new MemberBannedEvent(GROUP, OWNER, OUTSIDER, NOW),
                new MemberUnbannedEvent(GROUP, ADMIN, OUTSIDER, NOW)))
        .when(new JoinGroupCommand(GROUP, OUTSIDER, NOW))
        .expectEvents(new MemberAddedEvent(GROUP, OUTSIDER, OUTSIDER, MemberRole.MEMBER, NOW));
  }

  @Test
  void unbanningLiftsTheBanWithoutAddingTheUser() {
    fixture
        .given(publicGroupWith(new MemberBannedEvent(GROUP, OWNER, OUTSIDER, NOW)))
        .when(new UnbanMemberCommand(GROUP, ADMIN, OUTSIDER, NOW))
        .expectEvents(new MemberUnbannedEvent(GROUP, ADMIN, OUTSIDER, NOW));
  }

  @Test
  void unbanningAUserWhoIsNotBannedChangesNothing() {
    fixture
        .given(publicGroupWith())
        .when(new UnbanMemberCommand(GROUP, OWNER, OUTSIDER, NOW))
        .expectNoEvents();
  }

  @Test
  void aPlainMemberCannotBan() {
    fixture
        .given(publicGroupWith())
        .when(new BanMemberCommand(GROUP, MEMBER, OUTSIDER, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void aPlainMemberCannotUnban() {
    fixture
        .given(publicGroupWith(new MemberBannedEvent(GROUP, OWNER, OUTSIDER, NOW)))
        .when(new UnbanMemberCommand(GROUP, MEMBER, OUTSIDER, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void aNonMemberCannotBan() {
    fixture
        .given(publicGroupWith())
        .when(new BanMemberCommand(GROUP, OUTSIDER, MEMBER, NOW))
        .expectException(refusedWith(ErrorCode.NOT_A_MEMBER));
  }

  @Test
  void nobodyBansTheOwner() {
    fixture
        .given(publicGroupWith())
        .when(new BanMemberCommand(GROUP, ADMIN, OWNER, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void anAdminCannotBanAnotherAdmin() {
    fixture
        .given(publicGroupWith())
        .when(new BanMemberCommand(GROUP, ADMIN, OTHER_ADMIN, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void theOwnerBansAnAdmin() {
    fixture
        .given(publicGroupWith())
        .when(new BanMemberCommand(GROUP, OWNER, ADMIN, NOW))
        .expectEvents(
            new MemberRemovedEvent(GROUP, OWNER, ADMIN, NOW),
            new MemberBannedEvent(GROUP, OWNER, ADMIN, NOW));
  }

  @Test
  void nobodyBansThemself() {
    fixture
        .given(publicGroupWith())
        .when(new BanMemberCommand(GROUP, ADMIN, ADMIN, NOW))
        .expectException(refusedWith(ErrorCode.CONFLICT));
  }
}
