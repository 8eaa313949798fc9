package io.parley.command.conversation;

import static io.parley.command.conversation.ConversationGroupTest.ADMIN;
import static io.parley.command.conversation.ConversationGroupTest.GROUP;
import static io.parley.command.conversation.ConversationGroupTest.MEMBER;
import static io.parley.command.conversation.ConversationGroupTest.NOW;
import static io.parley.command.conversation.ConversationGroupTest.OUTSIDER;
import static io.parley.command.conversation.ConversationGroupTest.OWNER;
import static io.parley.command.conversation.ConversationGroupTest.group;
import static io.parley.command.conversation.DomainErrors.refusedWith;

import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.ChangeGroupPictureCommand;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages with files, and group pictures (docs/adr/0140). */
class ConversationFilesTest {
  private static final UUID CLIENT_ID = UUID.fromString("00000000-0000-0000-0000-0000000000f1");

  private AggregateTestFixture<Conversation> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Conversation.class);
    fixture.registerInjectableResource(EncryptionRules.defaults());
    fixture.registerInjectableResource(MentionSettings.defaults());
  }

  static Attachment photo(int n) {
    return new Attachment(
        new UUID(0xf11e, n),
        "photo" + n + ".jpg",
        "image/jpeg",
        1000 + n,
        "ab" + n,
        640,
        480,
        true);
  }

  static Attachment document(int n) {
    return new Attachment(
        new UUID(0xd0c, n),
        "notes" + n + ".pdf",
        "application/pdf",
        5000,
        "cd" + n,
        null,
        null,
        false);
  }

  @Test
  void aMessageCarriesItsFilesInTheEventAndTheAnswer() {
    List<Attachment> files = List.of(photo(1), document(2));
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new SendMessageCommand(GROUP, MEMBER, 77, CLIENT_ID, "look", null, NOW, files))
        .expectEvents(
            new MessageSentEvent(GROUP, 1, 77, MEMBER, CLIENT_ID, "look", null, NOW, files))
        .expectResultMessagePayload(
            new SentMessage(GROUP, 1, 77, MEMBER, "look", null, NOW, files));
  }

  @Test
  void aPhotoNeedsNoCaption() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(
            new SendMessageCommand(GROUP, MEMBER, 77, CLIENT_ID, "", null, NOW, List.of(photo(1))))
        .expectEvents(
            new MessageSentEvent(
                GROUP, 1, 77, MEMBER, CLIENT_ID, "", null, NOW, List.of(photo(1))));
  }

  @Test
  void aMessageWithNeitherTextNorFilesIsRefused() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new SendMessageCommand(GROUP, MEMBER, 77, CLIENT_ID, " ", null, NOW, List.of()))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT))
        .expectNoEvents();
  }

  @Test
  void elevenFilesAreRefused() {
    List<Attachment> eleven =
        IntStream.rangeClosed(1, 11).mapToObj(ConversationFilesTest::photo).toList();
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new SendMessageCommand(GROUP, MEMBER, 77, CLIENT_ID, "x", null, NOW, eleven))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT))
        .expectNoEvents();
  }

  @Test
  void theSameFileTwiceInOneMessageIsRefused() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(
            new SendMessageCommand(
                GROUP, MEMBER, 77, CLIENT_ID, "x", null, NOW, List.of(photo(1), photo(1))))
        .expectException(refusedWith(ErrorCode.INVALID_INPUT))
        .expectNoEvents();
  }

  @Test
  void anAdminSetsTheGroupPictureAndTheAnswerCarriesIt() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeGroupPictureCommand(GROUP, ADMIN, photo(3), NOW))
        .expectEvents(new GroupPictureChangedEvent(GROUP, ADMIN, photo(3), NOW))
        .expectResultMessagePayloadMatching(
            new TypeSafeMatcher<ConversationView>() {
              @Override
              protected boolean matchesSafely(ConversationView view) {
                return photo(3).attachmentId().equals(view.pictureId());
              }

              @Override
              public void describeTo(Description description) {
                description.appendText("a conversation whose pictureId is photo 3");
              }
            });
  }

  @Test
  void settingTheSamePictureAgainChangesNothing() {
    fixture
        .given(group(Visibility.PRIVATE))
        .andGiven(new GroupPictureChangedEvent(GROUP, OWNER, photo(3), NOW))
        .when(new ChangeGroupPictureCommand(GROUP, ADMIN, photo(3), NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void clearingThePictureRecordsNone() {
    fixture
        .given(group(Visibility.PRIVATE))
        .andGiven(new GroupPictureChangedEvent(GROUP, OWNER, photo(3), NOW))
        .when(new ChangeGroupPictureCommand(GROUP, OWNER, null, NOW))
        .expectEvents(new GroupPictureChangedEvent(GROUP, OWNER, null, NOW));
  }

  @Test
  void clearingWhenThereIsNoPictureChangesNothing() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeGroupPictureCommand(GROUP, OWNER, null, NOW))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void aMemberCannotChangeThePicture() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeGroupPictureCommand(GROUP, MEMBER, photo(3), NOW))
        .expectException(refusedWith(ErrorCode.FORBIDDEN))
        .expectNoEvents();
  }

  @Test
  void anOutsiderOfAPrivateGroupIsToldNothing() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeGroupPictureCommand(GROUP, OUTSIDER, photo(3), NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND))
        .expectNoEvents();
  }

  @Test
  void aPictureMustBeAnImage() {
    fixture
        .given(group(Visibility.PRIVATE))
        .when(new ChangeGroupPictureCommand(GROUP, OWNER, document(1), NOW))
        .expectException(refusedWith(ErrorCode.NOT_AN_IMAGE))
        .expectNoEvents();
  }

  @Test
  void aDirectConversationHasNoPicture() {
    UUID a = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    UUID b = UUID.fromString("00000000-0000-0000-0000-0000000000d2");
    fixture
        .given(
            new DirectConversationOpenedEvent(GROUP, a, b, NOW),
            new MemberAddedEvent(GROUP, a, a, MemberRole.MEMBER, NOW),
            new MemberAddedEvent(GROUP, a, b, MemberRole.MEMBER, NOW))
        .when(new ChangeGroupPictureCommand(GROUP, a, photo(3), NOW))
        .expectException(refusedWith(ErrorCode.NOT_FOUND))
        .expectNoEvents();
  }
}
