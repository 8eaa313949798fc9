package io.parley.command.conversation;

import static io.parley.command.conversation.ConversationGroupTest.ADMIN;
import static io.parley.command.conversation.ConversationGroupTest.CREATED;
import static io.parley.command.conversation.ConversationGroupTest.GROUP;
import static io.parley.command.conversation.ConversationGroupTest.MEMBER;
import static io.parley.command.conversation.ConversationGroupTest.NOW;
import static io.parley.command.conversation.ConversationGroupTest.OUTSIDER;
import static io.parley.command.conversation.ConversationGroupTest.OWNER;
import static io.parley.command.conversation.ConversationGroupTest.group;
import static io.parley.command.conversation.DomainErrors.refusedWith;

import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.RemoveMemberCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.AddReactionCommand;
import io.parley.events.message.DeleteMessageCommand;
import io.parley.events.message.EditMessageCommand;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
import io.parley.events.message.RemoveReactionCommand;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationMessagesTest {
  static final UUID CLIENT_ID = UUID.fromString("00000000-0000-0000-0000-0000000000c1");

  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  private static MessageSentEvent sent(long seq, UUID sender, UUID clientId) {
    return new MessageSentEvent(GROUP, seq, 1000 + seq, sender, clientId, "m" + seq, null, CREATED);
  }

  private static Object[] groupWithMessages(int count) {
    List<Object> events = new ArrayList<>(List.of(group(Visibility.PRIVATE)));
    for (int seq = 1; seq <= count; seq++) {
      events.add(sent(seq, MEMBER, new UUID(7, seq)));
    }
    return events.toArray();
  }

  @Test
  void theFirstMessageGetsSeqOne() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new SendMessageCommand(GROUP, MEMBER, 77, CLIENT_ID, "hi", null, NOW))
        .expectEvents(new MessageSentEvent(GROUP, 1, 77, MEMBER, CLIENT_ID, "hi", null, NOW))
        .expectResultMessagePayload(new SentMessage(GROUP, 1, 77, MEMBER, "hi", null, NOW));
  }

  @Test
  void eachMessageGetsTheNextSeq() {
    fixture
        .given(groupWithMessages(41))
        .when(new SendMessageCommand(GROUP, OWNER, 99, CLIENT_ID, "reply", 1001L, NOW))
        .expectEvents(new MessageSentEvent(GROUP, 42, 99, OWNER, CLIENT_ID, "reply", 1001L, NOW));
  }

  @Test
  void resendingAClientMessageIdAnswersWithTheOriginalAndEmitsNothing() {
    fixture
        .given(group(Visibility.PRIVATE))
        .andGiven(sent(1, MEMBER, CLIENT_ID), sent(2, OWNER, new UUID(7, 2)))
        .when(new SendMessageCommand(GROUP, MEMBER, 555, CLIENT_ID, "m1", null, NOW))
        .expectNoEvents()
        .expectResultMessagePayload(new SentMessage(GROUP, 1, 1001, MEMBER, null, null, null));
  }

  @Test
  void anotherSenderCannotReuseSomeonesClientMessageId() {
    fixture
        .given(group(Visibility.PRIVATE))
        .andGiven(sent(1, MEMBER, CLIENT_ID))
        .when(new SendMessageCommand(GROUP, OWNER, 555, CLIENT_ID, "m1", null, NOW))
        .expectException(refusedWith(ErrorCode.CONFLICT));
  }

  @Test
  void theWindowOfClientMessageIdsIsBounded() {
    // Past the window the aggregate forgets the id; the durable lookup answers such retries.
    Object[] events = groupWithMessages(Conversation.CLIENT_ID_WINDOW + 1);
    UUID forgotten = new UUID(7, 1);
    long next = Conversation.CLIENT_ID_WINDOW + 2;
    fixture
        .given(events)
        .when(new SendMessageCommand(GROUP, MEMBER, 9, forgotten, "again", null, NOW))
        .expectEvents(new MessageSentEvent(GROUP, next, 9, MEMBER, forgotten, "again", null, NOW));
  }

  @Test
  void aNonMemberCannotSendToAPrivateGroupItCannotSee() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new SendMessageCommand(GROUP, OUTSIDER, 1, CLIENT_ID, "hi", null, NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void aNonMemberCannotSendToAPublicGroup() {
    fixture
        .given(group(Visibility.PUBLIC))
        .when(new SendMessageCommand(GROUP, OUTSIDER, 1, CLIENT_ID, "hi", null, NOW))
        .expectException(refusedWith(ErrorCode.NOT_A_MEMBER));
  }

  @Test
  void aRemovedMemberCannotSendFromTheMomentOfRemoval() {
    fixture
        .given(group(Visibility.PRIVATE))
        .andGivenCommands(new RemoveMemberCommand(GROUP, OWNER, MEMBER, CREATED))
        .when(new SendMessageCommand(GROUP, MEMBER, 1, CLIENT_ID, "still here?", null, NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void bothUsersOfADirectConversationSend() {
    fixture
        .given(
            new DirectConversationOpenedEvent(GROUP, OWNER, MEMBER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.MEMBER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, CREATED))
        .when(new SendMessageCommand(GROUP, MEMBER, 5, CLIENT_ID, "psst", null, NOW))
        .expectEvents(new MessageSentEvent(GROUP, 1, 5, MEMBER, CLIENT_ID, "psst", null, NOW));
  }

  @Test
  void theAuthorEditsTheirMessage() {
    fixture
        .given(groupWithMessages(3))
        .when(new EditMessageCommand(GROUP, MEMBER, 1002, 2, MEMBER, "fixed", NOW))
        .expectEvents(new MessageEditedEvent(GROUP, 2, 1002, MEMBER, "fixed", NOW));
  }

  @Test
  void nobodyButTheAuthorEditsAMessageNotEvenTheOwner() {
    fixture
        .given(groupWithMessages(3))
        .when(new EditMessageCommand(GROUP, OWNER, 1002, 2, MEMBER, "mine now", NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void aRemovedAuthorCannotEdit() {
    fixture
        .given(groupWithMessages(3))
        .andGiven(new MemberRemovedEvent(GROUP, OWNER, MEMBER, CREATED))
        .when(new EditMessageCommand(GROUP, MEMBER, 1002, 2, MEMBER, "late", NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void theAuthorDeletesTheirMessage() {
    fixture
        .given(groupWithMessages(3))
        .when(new DeleteMessageCommand(GROUP, MEMBER, 1002, 2, MEMBER, NOW))
        .expectEvents(new MessageDeletedEvent(GROUP, 2, 1002, MEMBER, NOW));
  }

  @Test
  void aGroupAdminDeletesSomeoneElsesMessage() {
    fixture
        .given(groupWithMessages(3))
        .when(new DeleteMessageCommand(GROUP, ADMIN, 1002, 2, MEMBER, NOW))
        .expectEvents(new MessageDeletedEvent(GROUP, 2, 1002, ADMIN, NOW));
  }

  @Test
  void aPlainMemberCannotDeleteSomeoneElsesMessage() {
    fixture
        .given(groupWithMessages(3))
        .when(new DeleteMessageCommand(GROUP, MEMBER, 1002, 2, OWNER, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void inADirectConversationOnlyTheAuthorDeletes() {
    fixture
        .given(
            new DirectConversationOpenedEvent(GROUP, OWNER, MEMBER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.MEMBER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, CREATED),
            sent(1, MEMBER, CLIENT_ID))
        .when(new DeleteMessageCommand(GROUP, OWNER, 1001, 1, MEMBER, NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN));
  }

  @Test
  void aMemberReactsAndTakesTheReactionBack() {
    fixture
        .given(groupWithMessages(1))
        .when(new AddReactionCommand(GROUP, OWNER, 1001, 1, "👍", NOW))
        .expectEvents(new ReactionAddedEvent(GROUP, 1, 1001, OWNER, "👍", NOW));
    fixture
        .given(groupWithMessages(1))
        .when(new RemoveReactionCommand(GROUP, OWNER, 1001, 1, "👍", NOW))
        .expectEvents(new ReactionRemovedEvent(GROUP, 1, 1001, OWNER, "👍", NOW));
  }

  @Test
  void aNonMemberCannotReact() {
    fixture
        .given(groupWithMessages(1))
        .when(new AddReactionCommand(GROUP, OUTSIDER, 1001, 1, "👍", NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND));
  }

  @Test
  void messagesDoNotChangeMembershipOrSettings() {
    fixture
        .given(groupWithMessages(2))
        .andGivenCommands(new DeleteMessageCommand(GROUP, MEMBER, 1001, 1, MEMBER, NOW))
        .when(new SendMessageCommand(GROUP, MEMBER, 3003, CLIENT_ID, "third", null, NOW))
        .expectEvents(new MessageSentEvent(GROUP, 3, 3003, MEMBER, CLIENT_ID, "third", null, NOW));
  }
}
