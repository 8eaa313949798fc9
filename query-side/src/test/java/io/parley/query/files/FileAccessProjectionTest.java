package io.parley.query.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.common.DomainException;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The file-access read model against the real Postgres, and who it lets fetch what. */
@ProjectionTest
class FileAccessProjectionTest {
  static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

  @Autowired PublishedEvents events;
  @Autowired FileAccess access;
  @Autowired FileGrants grants;
  @Autowired FileAccessConsistency consistency;
  @Autowired JdbcTemplate jdbc;

  final UUID ann = UUID.randomUUID();
  final UUID ben = UUID.randomUUID();
  final UUID eve = UUID.randomUUID();

  static Attachment photo(UUID id) {
    return new Attachment(id, "photo.jpg", "image/jpeg", 1234, "ab".repeat(32), 640, 480, true);
  }

  static Attachment file(UUID id) {
    return new Attachment(id, "notes.html", "text/html", 99, "cd".repeat(32), null, null, false);
  }

  MessageSentEvent sent(UUID c, long seq, UUID sender, Attachment... attachments) {
    return new MessageSentEvent(
        c,
        seq,
        7000 + seq,
        sender,
        UUID.randomUUID(),
        "",
        null,
        T.plusSeconds(seq),
        List.of(attachments));
  }

  UUID group(Visibility visibility) {
    UUID c = UUID.randomUUID();
    events.publish(
        new GroupCreatedEvent(c, ann, "Files", "", visibility, T),
        new MemberAddedEvent(c, ann, ann, MemberRole.OWNER, T),
        new MemberAddedEvent(c, ann, ben, MemberRole.MEMBER, T));
    return c;
  }

  /**
   * file-access skips messages without attachments (docs/adr/0225) and so stores no position for
   * them until its next handled batch or claim extension (5 s). A fetch waits for the file read
   * model to have seen the conversation's newest events: it must count the processor's progress
   * here for those, or it would be held past its 2 s and answer 503.
   */
  @Test
  void aFileCanBeFetchedAtOnceAfterMessagesWithoutAttachments() {
    UUID c = group(Visibility.PRIVATE);
    UUID id = UUID.randomUUID();
    events.publish(sent(c, 1, ann, photo(id)));
    events.publish(sent(c, 2, ben), sent(c, 3, ann), sent(c, 4, ben));
    assertThat(mayFetch(id, ben)).isTrue();
    assertThat(mayFetch(id, eve)).isFalse();
  }

  boolean mayFetch(UUID attachmentId, UUID viewer) {
    try {
      access.require(attachmentId, viewer);
      return true;
    } catch (DomainException e) {
      return false;
    }
  }

  @Test
  void membersOfAPrivateGroupFetchItsAttachmentsAndNobodyElseDoes() {
    UUID c = group(Visibility.PRIVATE);
    UUID one = UUID.randomUUID();
    UUID two = UUID.randomUUID();
    events.publish(sent(c, 1, ann, photo(one), file(two)));

    assertThat(access.require(one, ben)).isEqualTo(photo(one));
    assertThat(access.require(two, ann)).isEqualTo(file(two));
    assertThat(mayFetch(one, eve)).isFalse();
    assertThat(mayFetch(UUID.randomUUID(), ann)).isFalse();
    assertThat(consistency.verify().consistent()).isTrue();
  }

  @Test
  void anyoneSignedInFetchesTheAttachmentsOfAPublicGroupUntilItTurnsPrivate() {
    UUID c = group(Visibility.PUBLIC);
    UUID one = UUID.randomUUID();
    events.publish(sent(c, 1, ann, photo(one)));
    assertThat(mayFetch(one, eve)).isTrue();

    events.publish(
        new GroupUpdatedEvent(c, ann, "Files", "", Visibility.PRIVATE, T.plusSeconds(5)));
    assertThat(mayFetch(one, eve)).isFalse();
    assertThat(mayFetch(one, ben)).isTrue();
  }

  @Test
  void removalFromTheGroupEndsAccess() {
    UUID c = group(Visibility.PRIVATE);
    UUID one = UUID.randomUUID();
    events.publish(sent(c, 1, ann, photo(one)));
    assertThat(mayFetch(one, ben)).isTrue();

    events.publish(new MemberRemovedEvent(c, ann, ben, T.plusSeconds(5)));
    assertThat(mayFetch(one, ben)).isFalse();
  }

  @Test
  void deletingTheMessageEndsAccessForEveryoneAndAnEditKeepsIt() {
    UUID c = group(Visibility.PRIVATE);
    UUID one = UUID.randomUUID();
    UUID kept = UUID.randomUUID();
    events.publish(
        sent(c, 1, ann, photo(one)),
        sent(c, 2, ann, photo(kept)),
        new MessageEditedEvent(c, 2, 7002, ann, "caption", T.plusSeconds(4)),
        new MessageDeletedEvent(c, 1, 7001, ann, T.plusSeconds(5)));

    assertThat(mayFetch(one, ann)).isFalse();
    assertThat(mayFetch(one, ben)).isFalse();
    assertThat(grants.of(one)).isEmpty();
    assertThat(mayFetch(kept, ben)).isTrue();
    assertThat(consistency.verify().consistent()).isTrue();
  }

  @Test
  void aCurrentAvatarIsVisibleToEveryoneAndAReplacedOrClearedOneToNobody() {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    events.publish(
        new AccountRegisteredEvent(ann, "ann" + first.toString().substring(0, 8), "Ann", T),
        new AvatarChangedEvent(ann, photo(first), T.plusSeconds(1)));
    assertThat(access.require(first, eve)).isEqualTo(photo(first));

    events.publish(new AvatarChangedEvent(ann, photo(second), T.plusSeconds(2)));
    assertThat(mayFetch(first, eve)).isFalse();
    assertThat(mayFetch(second, eve)).isTrue();

    events.publish(new AvatarChangedEvent(ann, null, T.plusSeconds(3)));
    assertThat(mayFetch(second, eve)).isFalse();
    assertThat(consistency.verify().consistent()).isTrue();
  }

  @Test
  void aGroupPictureIsVisibleToWhoeverMaySeeTheGroupWhileItIsCurrent() {
    UUID privateGroup = group(Visibility.PRIVATE);
    UUID publicGroup = group(Visibility.PUBLIC);
    UUID hidden = UUID.randomUUID();
    UUID shown = UUID.randomUUID();
    UUID replacement = UUID.randomUUID();
    events.publish(
        new GroupPictureChangedEvent(privateGroup, ann, photo(hidden), T.plusSeconds(1)),
        new GroupPictureChangedEvent(publicGroup, ann, photo(shown), T.plusSeconds(1)));

    assertThat(mayFetch(hidden, ben)).isTrue();
    assertThat(mayFetch(hidden, eve)).isFalse();
    assertThat(mayFetch(shown, eve)).isTrue();

    events.publish(
        new GroupPictureChangedEvent(publicGroup, ann, photo(replacement), T.plusSeconds(2)),
        new GroupPictureChangedEvent(privateGroup, ann, null, T.plusSeconds(2)));
    assertThat(mayFetch(shown, eve)).isFalse();
    assertThat(mayFetch(replacement, eve)).isTrue();
    assertThat(mayFetch(hidden, ben)).isFalse();
    assertThat(consistency.verify().consistent()).isTrue();
  }

  @Test
  void theVerifierFindsADamagedRow() {
    UUID c = group(Visibility.PRIVATE);
    UUID one = UUID.randomUUID();
    events.publish(sent(c, 1, ann, photo(one)));
    jdbc.update("DELETE FROM file_message_attachment WHERE attachment_id = ?", one);
    try {
      assertThat(consistency.verify().consistent()).isFalse();
    } finally {
      events.publish(new MessageDeletedEvent(c, 1, 7001, ann, T.plusSeconds(9)));
    }
    assertThatThrownBy(() -> access.require(one, ann)).isInstanceOf(DomainException.class);
  }
}
