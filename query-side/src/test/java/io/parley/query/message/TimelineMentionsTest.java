package io.parley.query.message;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Mentions on the timeline row in the real CQL node, as the history API reads them. */
@ProjectionTest
class TimelineMentionsTest {
  static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

  @Autowired PublishedEvents events;
  @Autowired Timeline timeline;

  final UUID ann = UUID.randomUUID();
  final UUID ben = UUID.randomUUID();
  final UUID cat = UUID.randomUUID();

  MessageSentEvent sent(UUID c, long seq, List<UUID> mentions, boolean everyone) {
    return new MessageSentEvent(
        c,
        seq,
        7000 + seq,
        ann,
        UUID.randomUUID(),
        "body " + seq,
        null,
        T.plusSeconds(seq),
        List.of(),
        mentions,
        everyone);
  }

  List<MessageView> history(UUID c) {
    return timeline.after(c, 0, 200).items();
  }

  @Test
  void theHistoryCarriesMentionsAsSentAndAnEditKeepsThem() {
    UUID c = UUID.randomUUID();
    events.publish(
        sent(c, 1, List.of(ben, cat), false),
        sent(c, 2, List.of(), true),
        sent(c, 3, List.of(), false),
        new MessageEditedEvent(c, 1, 7001, ann, "edited, @nobody", T.plusSeconds(9)));

    List<MessageView> items = history(c);
    assertThat(items).hasSize(3);
    assertThat(items.get(0).mentions()).containsExactly(ben, cat);
    assertThat(items.get(0).mentionsEveryone()).isFalse();
    assertThat(items.get(0).body()).isEqualTo("edited, @nobody");
    assertThat(items.get(1).mentions()).isEmpty();
    assertThat(items.get(1).mentionsEveryone()).isTrue();
    assertThat(items.get(2).mentions()).isEmpty();
    assertThat(items.get(2).mentionsEveryone()).isFalse();
  }

  @Test
  void aDeletedMessageMentionsNoOneAndARedeliveryChangesNothing() {
    UUID c = UUID.randomUUID();
    MessageSentEvent first = sent(c, 1, List.of(ben), true);
    events.publish(first, new MessageDeletedEvent(c, 1, 7001, ann, T.plusSeconds(5)));
    MessageView deleted = history(c).get(0);
    assertThat(deleted.deleted()).isTrue();
    assertThat(deleted.mentions()).isEmpty();
    assertThat(deleted.mentionsEveryone()).isFalse();

    UUID d = UUID.randomUUID();
    MessageSentEvent again = sent(d, 1, List.of(cat), false);
    events.publish(again);
    events.publish(again);
    assertThat(history(d))
        .singleElement()
        .satisfies(m -> assertThat(m.mentions()).containsExactly(cat));
  }
}
