package io.parley.command.conversation;

import static io.parley.command.conversation.DomainErrors.refusedWith;

import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.AddMemberCommand;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.InviteCreatedEvent;
import io.parley.events.conversation.JoinByInviteCommand;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.OpenDirectConversationCommand;
import io.parley.events.conversation.UpdateGroupCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.Attachment;
import io.parley.events.message.EditMessageCommand;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationEncryptionTest {
  static final Instant CREATED = Instant.parse("2026-12-01T08:00:00Z");
  static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  static final UUID GROUP = UUID.fromString("00000000-0000-0000-0000-0000000000e1");
  static final UUID OWNER = UUID.fromString("00000000-0000-0000-0000-000000000001");
  static final UUID MEMBER = UUID.fromString("00000000-0000-0000-0000-000000000002");
  static final UUID NEWCOMER = UUID.fromString("00000000-0000-0000-0000-000000000003");
  static final UUID CLIENT_ID = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
  static final String VERSION = "a".repeat(64);
  static final String CIPHERTEXT =
      "-----BEGIN PGP MESSAGE-----\n\nwV4DAAAAAAAAAAASAQdA\n=abcd\n-----END PGP MESSAGE-----\n";

  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.of(3, VERSION));
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  static Object[] encryptedGroup() {
    return new Object[] {
      new GroupCreatedEvent(GROUP, OWNER, "Secret", "", Visibility.PRIVATE, CREATED, true),
      new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED),
      new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, CREATED)
    };
  }

  private static SendMessageCommand encryptedSend(String ciphertext, String version) {
    return SendMessageCommand.encrypted(
        GROUP, MEMBER, 77, CLIENT_ID, ciphertext, version, null, NOW);
  }

  private static MessageSentEvent encryptedSent() {
    return new MessageSentEvent(
        GROUP,
        1,
        77,
        MEMBER,
        CLIENT_ID,
        null,
        null,
        NOW,
        List.of(),
        List.of(),
        false,
        CIPHERTEXT,
        VERSION);
  }

  @Test
  void anEncryptedPrivateGroupIsCreatedEncrypted() {
    fixture
        .givenNoPriorActivity()
        .when(
            new CreateGroupCommand(
                GROUP, OWNER, "Secret", "", Visibility.PRIVATE, List.of(MEMBER), CREATED, true))
        .expectEvents(encryptedGroup());
  }

  @Test
  void anEncryptedGroupMustBePrivate() {
    fixture
        .givenNoPriorActivity()
        .when(
            new CreateGroupCommand(
                GROUP, OWNER, "Open", "", Visibility.PUBLIC, List.of(), CREATED, true))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void anEncryptedGroupIsNotCreatedPastTheMemberLimit() {
    fixture
        .givenNoPriorActivity()
        .when(
            new CreateGroupCommand(
                GROUP,
                OWNER,
                "Big",
                "",
                Visibility.PRIVATE,
                List.of(MEMBER, NEWCOMER, UUID.randomUUID()),
                CREATED,
                true))
        .expectException(refusedWith(ErrorCode.TOO_MANY_MEMBERS));
  }

  @Test
  void anEncryptedGroupIsNeverMadePublic() {
    fixture
        .given(encryptedGroup())
        .when(new UpdateGroupCommand(GROUP, OWNER, null, null, Visibility.PUBLIC, NOW))
        .expectException(refusedWith(ErrorCode.ENCRYPTED_CONVERSATION));
  }

  @Test
  void anEncryptedGroupMayStillBeRenamed() {
    fixture
        .given(encryptedGroup())
        .when(new UpdateGroupCommand(GROUP, OWNER, "Renamed", null, Visibility.PRIVATE, NOW))
        .expectEvents(new GroupUpdatedEvent(GROUP, OWNER, "Renamed", "", Visibility.PRIVATE, NOW));
  }

  @Test
  void addingAMemberUpToTheLimitWorksAndPastItIsRefused() {
    fixture
        .given(encryptedGroup())
        .when(new AddMemberCommand(GROUP, OWNER, NEWCOMER, NOW))
        .expectEvents(new MemberAddedEvent(GROUP, OWNER, NEWCOMER, MemberRole.MEMBER, NOW));
    fixture
        .given(encryptedGroup())
        .andGiven(new MemberAddedEvent(GROUP, OWNER, NEWCOMER, MemberRole.MEMBER, NOW))
        .when(new AddMemberCommand(GROUP, OWNER, UUID.randomUUID(), NOW))
        .expectException(refusedWith(ErrorCode.TOO_MANY_MEMBERS));
  }

  @Test
  void joiningByInvitePastTheLimitIsRefused() {
    fixture
        .given(encryptedGroup())
        .andGiven(
            new MemberAddedEvent(GROUP, OWNER, NEWCOMER, MemberRole.MEMBER, NOW),
            new InviteCreatedEvent(GROUP, "code1", OWNER, null, null, NOW))
        .when(new JoinByInviteCommand(GROUP, UUID.randomUUID(), "code1", NOW))
        .expectException(refusedWith(ErrorCode.TOO_MANY_MEMBERS));
  }

  @Test
  void aPlainGroupIgnoresTheEncryptedLimit() {
    List<Object> given = new ArrayList<>();
    given.add(new GroupCreatedEvent(GROUP, OWNER, "Plain", "", Visibility.PRIVATE, CREATED));
    given.add(new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED));
    for (int i = 0; i < 5; i++) {
      given.add(new MemberAddedEvent(GROUP, OWNER, new UUID(9, i), MemberRole.MEMBER, CREATED));
    }
    fixture
        .given(given.toArray())
        .when(new AddMemberCommand(GROUP, OWNER, NEWCOMER, NOW))
        .expectEvents(new MemberAddedEvent(GROUP, OWNER, NEWCOMER, MemberRole.MEMBER, NOW));
  }

  @Test
  void anEncryptedDirectConversationOpensEncrypted() {
    fixture
        .givenNoPriorActivity()
        .when(new OpenDirectConversationCommand(GROUP, OWNER, MEMBER, NOW, true))
        .expectEvents(
            new DirectConversationOpenedEvent(GROUP, OWNER, MEMBER, NOW, true),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.MEMBER, NOW),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, NOW))
        .expectResultMessagePayload(
            new ConversationView(GROUP, "direct", null, null, "private", 2, NOW, 0, null, true));
  }

  @Test
  void openingAPlainDirectConversationUnderAnEncryptedOnesIdIsAConflict() {
    fixture
        .given(
            new DirectConversationOpenedEvent(GROUP, OWNER, MEMBER, NOW, true),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.MEMBER, NOW),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, NOW))
        .when(new OpenDirectConversationCommand(GROUP, MEMBER, OWNER, NOW, false))
        .expectException(refusedWith(ErrorCode.CONFLICT));
  }

  @Test
  void aCiphertextForTheCurrentKeySetIsStoredWithoutBodyOrMentions() {
    fixture
        .given(encryptedGroup())
        .when(encryptedSend(CIPHERTEXT, VERSION))
        .expectEvents(encryptedSent())
        .expectResultMessagePayload(
            new SentMessage(
                GROUP, 1, 77, MEMBER, null, null, NOW, List.of(), List.of(), false, CIPHERTEXT));
  }

  @Test
  void aCiphertextForAnOlderKeySetIsRefusedAndNothingIsWritten() {
    fixture
        .given(encryptedGroup())
        .when(encryptedSend(CIPHERTEXT, "b".repeat(64)))
        .expectNoEvents()
        .expectException(refusedWith(ErrorCode.KEY_SET_CHANGED));
  }

  @Test
  void aSendWithoutKeySetVersionIsRefused() {
    fixture
        .given(encryptedGroup())
        .when(encryptedSend(CIPHERTEXT, null))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void aBodyInAnEncryptedConversationIsRefused() {
    fixture
        .given(encryptedGroup())
        .when(new SendMessageCommand(GROUP, MEMBER, 77, CLIENT_ID, "plain words", null, NOW))
        .expectNoEvents()
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void somethingThatIsNotAnArmoredMessageIsRefused() {
    fixture
        .given(encryptedGroup())
        .when(encryptedSend("plain words", VERSION))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void aCiphertextOverTheSizeLimitIsRefused() {
    String big =
        "-----BEGIN PGP MESSAGE-----\n"
            + "A".repeat(Ciphertexts.MAX_CHARS)
            + "\n-----END PGP MESSAGE-----";
    fixture
        .given(encryptedGroup())
        .when(encryptedSend(big, VERSION))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void filesAreRefusedInAnEncryptedConversation() {
    Attachment file =
        new Attachment(UUID.randomUUID(), "a.txt", "text/plain", 3, "00", null, null, false);
    fixture
        .given(encryptedGroup())
        .when(
            new SendMessageCommand(
                GROUP,
                MEMBER,
                77,
                CLIENT_ID,
                null,
                null,
                NOW,
                List.of(file),
                List.of(),
                false,
                CIPHERTEXT,
                VERSION))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void aCiphertextInAPlainConversationIsRefused() {
    fixture
        .given(
            new GroupCreatedEvent(GROUP, OWNER, "Plain", "", Visibility.PRIVATE, CREATED),
            new MemberAddedEvent(GROUP, OWNER, OWNER, MemberRole.OWNER, CREATED),
            new MemberAddedEvent(GROUP, OWNER, MEMBER, MemberRole.MEMBER, CREATED))
        .when(encryptedSend(CIPHERTEXT, VERSION))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void aRetryWithTheSameClientMessageIdAnswersWithTheOriginalEvenAfterTheKeysChanged() {
    fixture
        .given(encryptedGroup())
        .andGiven(encryptedSent())
        .when(encryptedSend(CIPHERTEXT, "c".repeat(64)))
        .expectNoEvents()
        .expectResultMessagePayload(new SentMessage(GROUP, 1, 77, MEMBER, null, null, null));
  }

  @Test
  void anEditReplacesTheCiphertextForTheCurrentKeySet() {
    fixture
        .given(encryptedGroup())
        .andGiven(encryptedSent())
        .when(new EditMessageCommand(GROUP, MEMBER, 77, 1, MEMBER, null, NOW, CIPHERTEXT, VERSION))
        .expectEvents(new MessageEditedEvent(GROUP, 1, 77, MEMBER, null, NOW, CIPHERTEXT, VERSION));
  }

  @Test
  void anEditForAnOlderKeySetIsRefused() {
    fixture
        .given(encryptedGroup())
        .andGiven(encryptedSent())
        .when(
            new EditMessageCommand(
                GROUP, MEMBER, 77, 1, MEMBER, null, NOW, CIPHERTEXT, "d".repeat(64)))
        .expectNoEvents()
        .expectException(refusedWith(ErrorCode.KEY_SET_CHANGED));
  }

  @Test
  void aPlainEditInAnEncryptedConversationIsRefused() {
    fixture
        .given(encryptedGroup())
        .andGiven(encryptedSent())
        .when(new EditMessageCommand(GROUP, MEMBER, 77, 1, MEMBER, "plain", NOW))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT));
  }

  @Test
  void theKeySetVersionIsAskedForTheCurrentMembers() {
    List<List<UUID>> asked = new ArrayList<>();
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(MentionSettings.defaults());
    fixture.registerInjectableResource(
        new EncryptionRules(
            32,
            members -> {
              asked.add(members.stream().sorted().toList());
              return VERSION;
            }));
    fixture.given(encryptedGroup()).when(encryptedSend(CIPHERTEXT, VERSION));
    org.assertj.core.api.Assertions.assertThat(asked).containsExactly(List.of(OWNER, MEMBER));
  }
}
