package io.parley.command.conversation;

import static io.parley.command.conversation.ConversationGroupTest.ADMIN;
import static io.parley.command.conversation.ConversationGroupTest.CREATED;
import static io.parley.command.conversation.ConversationGroupTest.GROUP;
import static io.parley.command.conversation.ConversationGroupTest.MEMBER;
import static io.parley.command.conversation.ConversationGroupTest.NOW;
import static io.parley.command.conversation.ConversationGroupTest.OWNER;
import static io.parley.command.conversation.ConversationGroupTest.group;
import static io.parley.command.conversation.DomainErrors.refusedWith;

import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.UpdateGroupCommand;
import io.parley.events.conversation.Visibility;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Visibility decides who may read a group's whole history, so only its owner changes it. */
class GroupRulesTest {
  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  @Test
  void anAdminCannotMakeAPrivateGroupPublic() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new UpdateGroupCommand(GROUP, ADMIN, null, null, Visibility.PUBLIC, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void anAdminCannotMakeAPublicGroupPrivateEither() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new UpdateGroupCommand(GROUP, ADMIN, null, null, Visibility.PRIVATE, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void anAdminRenamingAPrivateGroupMayRepeatItsCurrentVisibility() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new UpdateGroupCommand(GROUP, ADMIN, "Renamed", null, Visibility.PRIVATE, NOW))
        .expectEvents(
            new GroupUpdatedEvent(GROUP, ADMIN, "Renamed", "Topic", Visibility.PRIVATE, NOW));
  }

  @Test
  void theOwnerMakesAPrivateGroupPublic() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new UpdateGroupCommand(GROUP, OWNER, null, null, Visibility.PUBLIC, NOW))
        .expectEvents(new GroupUpdatedEvent(GROUP, OWNER, "Team", "Topic", Visibility.PUBLIC, NOW))
        .expectResultMessagePayload(
            new ConversationView(GROUP, "group", "Team", "Topic", "public", 4, CREATED, 0));
  }

  @Test
  void aMemberCannotChangeVisibility() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new UpdateGroupCommand(GROUP, MEMBER, null, null, Visibility.PUBLIC, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }
}
