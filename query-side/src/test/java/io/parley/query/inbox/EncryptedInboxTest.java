package io.parley.query.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
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

/** The inbox of an encrypted conversation: flagged, its last message a ciphertext. */
@ProjectionTest
class EncryptedInboxTest {
  static final Instant T = Instant.parse("2026-12-01T08:00:00Z");
  static final String VERSION = "cd".repeat(32);

  @Autowired PublishedEvents events;
  @Autowired Inbox inbox;
  @Autowired JdbcTemplate jdbc;
  @Autowired InboxConsistency consistency;

  final UUID ann = UUID.randomUUID();
  final UUID ben = UUID.randomUUID();

  static String armored(String payload) {
    return "-----BEGIN PGP MESSAGE-----\n\n" + payload + "\n-----END PGP MESSAGE-----\n";
  }

  Inbox.Item item(UUID user, UUID c) {
    return inbox.page(user, 200, null).items().stream()
        .filter(i -> i.conversationId().equals(c))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void anEncryptedGroupIsFlaggedAndItsLastMessageIsTheLatestCiphertext() {
    UUID c = UUID.randomUUID();
    UUID plain = UUID.randomUUID();
    events.publish(
        new GroupCreatedEvent(c, ann, "Secret", "", Visibility.PRIVATE, T, true),
        new MemberAddedEvent(c, ann, ann, MemberRole.OWNER, T),
        new MemberAddedEvent(c, ann, ben, MemberRole.MEMBER, T),
        new GroupCreatedEvent(plain, ann, "Plain", "", Visibility.PRIVATE, T),
        new MemberAddedEvent(plain, ann, ann, MemberRole.OWNER, T),
        new MessageSentEvent(
            c,
            1,
            8001,
            ann,
            UUID.randomUUID(),
            null,
            null,
            T.plusSeconds(1),
            List.of(),
            List.of(),
            false,
            armored("first"),
            VERSION),
        new MessageEditedEvent(
            c, 1, 8001, ann, null, T.plusSeconds(2), armored("first, edited"), VERSION));

    Inbox.Item bens = item(ben, c);
    assertThat(bens.encrypted()).isTrue();
    assertThat(bens.lastMessage().body()).isNull();
    assertThat(bens.lastMessage().ciphertext()).isEqualTo(armored("first, edited"));
    assertThat(bens.unreadCount()).isEqualTo(1);
    assertThat(item(ann, plain).encrypted()).isFalse();
    assertThat(
            jdbc.queryForObject(
                "SELECT encrypted FROM directory_conversation WHERE conversation_id = ?",
                Boolean.class,
                c))
        .isTrue();
    assertThat(consistency.verify().consistent()).isTrue();
  }
}
