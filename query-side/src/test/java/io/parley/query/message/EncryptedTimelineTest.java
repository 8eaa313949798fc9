package io.parley.query.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.MessageView;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The CQL timeline of an end-to-end encrypted conversation holds ciphertexts, no bodies. */
@ProjectionTest
class EncryptedTimelineTest {
  static final Instant T = Instant.parse("2026-12-01T08:00:00Z");
  static final String VERSION = "ab".repeat(32);

  @Autowired PublishedEvents events;
  @Autowired Timeline timeline;
  @Autowired CqlSession cql;
  @Autowired TimelineConsistency consistency;

  final UUID ann = UUID.randomUUID();
  final UUID ben = UUID.randomUUID();

  static String armored(String payload) {
    return "-----BEGIN PGP MESSAGE-----\n\n" + payload + "\n-----END PGP MESSAGE-----\n";
  }

  static MessageSentEvent sent(UUID c, long seq, UUID sender, String ciphertext) {
    return new MessageSentEvent(
        c,
        seq,
        7000 + seq,
        sender,
        UUID.randomUUID(),
        null,
        null,
        T.plusSeconds(seq),
        List.of(),
        List.of(),
        false,
        ciphertext,
        VERSION);
  }

  @Test
  void ciphertextsAreStoredEditedAndClearedOnDeleteAndVerifyAsConsistent() {
    UUID c = UUID.randomUUID();
    events.publish(
        new DirectConversationOpenedEvent(c, ann, ben, T, true),
        new MemberAddedEvent(c, ann, ann, MemberRole.MEMBER, T),
        new MemberAddedEvent(c, ann, ben, MemberRole.MEMBER, T),
        sent(c, 1, ann, armored("one")),
        sent(c, 2, ben, armored("two")),
        new MessageEditedEvent(
            c, 1, 7001, ann, null, T.plusSeconds(5), armored("one, edited"), VERSION),
        new MessageDeletedEvent(c, 2, 7002, ben, T.plusSeconds(6)));

    List<MessageView> items = timeline.after(c, 0, 50).items();
    assertThat(items)
        .extracting(MessageView::ciphertext)
        .containsExactly(armored("one, edited"), null);
    assertThat(items).extracting(MessageView::body).containsOnlyNulls();
    assertThat(items.get(0).mentions()).isEmpty();
    assertThat(items.get(0).editedAt()).isEqualTo(T.plusSeconds(5));
    assertThat(items.get(1).deleted()).isTrue();

    Row row =
        cql.execute(
                "SELECT body, ciphertext FROM messages_by_conversation"
                    + " WHERE conversation_id = ? AND bucket = 0 AND seq = 2",
                c)
            .one();
    assertThat(row.isNull("body")).isTrue();
    assertThat(row.isNull("ciphertext")).isTrue();
    assertThat(consistency.verify().consistent()).isTrue();
  }
}
