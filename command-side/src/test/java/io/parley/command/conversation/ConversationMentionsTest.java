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
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mention resolution at send (docs/adr/0153). */
class ConversationMentionsTest {
  private static final UUID CLIENT_ID = UUID.fromString("00000000-0000-0000-0000-0000000000c2");
  private static final UUID DIRECT = UUID.fromString("00000000-0000-0000-0000-0000000000d1");

  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  private static SendMessageCommand send(UUID sender, List<UUID> named, boolean everyone) {
    return new SendMessageCommand(
        GROUP, sender, 77, CLIENT_ID, "body", null, NOW, List.of(), named, everyone);
  }

  private static MessageSentEvent sent(UUID sender, List<UUID> mentions, boolean everyone) {
    return new MessageSentEvent(
        GROUP, 1, 77, sender, CLIENT_ID, "body", null, NOW, List.of(), mentions, everyone);
  }

  @Test
  void namedMembersAreMentionedInTheBodysOrder() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(send(OWNER, List.of(MEMBER, ADMIN), false))
        .expectEvents(sent(OWNER, List.of(MEMBER, ADMIN), false))
        .expectResultMessagePayload(
            new SentMessage(
                GROUP, 1, 77, OWNER, "body", null, NOW, List.of(), List.of(MEMBER, ADMIN), false));
  }

  @Test
  void aNonMemberIsJustText() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(send(OWNER, List.of(OUTSIDER, MEMBER), false))
        .expectEvents(sent(OWNER, List.of(MEMBER), false));
  }

  @Test
  void theSenderNeverMentionsThemselfAndDuplicatesCountOnce() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(send(MEMBER, List.of(MEMBER, ADMIN, ADMIN), false))
        .expectEvents(sent(MEMBER, List.of(ADMIN), false));
  }

  @Test
  void ownersAndAdminsMayMentionEveryone() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(send(OTHER_ADMIN, List.of(), true))
        .expectEvents(sent(OTHER_ADMIN, List.of(), true));
  }

  @Test
  void aPlainMembersEveryoneIsPlainTextByDefault() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(send(MEMBER, List.of(OWNER), true))
        .expectSuccessfulHandlerExecution()
        .expectEvents(sent(MEMBER, List.of(OWNER), false));
  }

  @Test
  void aGroupMayLetEveryMemberMentionEveryone() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(
        new MentionSettings(MentionSettings.EveryoneMentions.MEMBERS));
    fixture
        .given(group(Visibility.PRIVATE))
        .when(send(MEMBER, List.of(), true))
        .expectEvents(sent(MEMBER, List.of(), true));
  }

  @Test
  void nobodyMentionsEveryoneWhenTheSettingSaysSo() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(
        new MentionSettings(MentionSettings.EveryoneMentions.NOBODY));
    fixture
        .given(group(Visibility.PRIVATE))
        .when(send(OWNER, List.of(), true))
        .expectEvents(sent(OWNER, List.of(), false));
  }

  @Test
  void inADirectConversationEveryoneMeansNothingButThePeerCanBeNamed() {
    fixture
        .given(
            new DirectConversationOpenedEvent(DIRECT, OWNER, MEMBER, CREATED),
            new MemberAddedEvent(DIRECT, OWNER, OWNER, MemberRole.MEMBER, CREATED),
            new MemberAddedEvent(DIRECT, OWNER, MEMBER, MemberRole.MEMBER, CREATED))
        .when(
            new SendMessageCommand(
                DIRECT,
                OWNER,
                5,
                CLIENT_ID,
                "@here @m",
                null,
                NOW,
                List.of(),
                List.of(MEMBER),
                true))
        .expectEvents(
            new MessageSentEvent(
                DIRECT,
                1,
                5,
                OWNER,
                CLIENT_ID,
                "@here @m",
                null,
                NOW,
                List.of(),
                List.of(MEMBER),
                false));
  }
}
