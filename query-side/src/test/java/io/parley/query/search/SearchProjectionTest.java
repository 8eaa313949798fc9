package io.parley.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberBannedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The message-search read model against the real Postgres, and who finds what in it. */
@ProjectionTest
class SearchProjectionTest {
  static final Instant T = Instant.parse("2026-12-02T08:00:00Z");

  @Autowired PublishedEvents events;
  @Autowired MessageSearch search;
  @Autowired SearchConsistency consistency;

  final UUID ann = UUID.randomUUID();
  final UUID ben = UUID.randomUUID();
  final UUID eve = UUID.randomUUID();

  /** A word no other test's messages hold, so results are this test's only. */
  final String word = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  MessageSentEvent sent(UUID c, long seq, UUID sender, String body) {
    return new MessageSentEvent(
        c, seq, 9000 + seq, sender, UUID.randomUUID(), body, null, T.plusSeconds(seq));
  }

  UUID group(Visibility visibility) {
    UUID c = UUID.randomUUID();
    events.publish(
        new GroupCreatedEvent(c, ann, "Search", "", visibility, T),
        new MemberAddedEvent(c, ann, ann, MemberRole.OWNER, T),
        new MemberAddedEvent(c, ann, ben, MemberRole.MEMBER, T));
    return c;
  }

  List<MessageSearch.Hit> find(UUID user, String text) {
    return find(user, text, null);
  }

  List<MessageSearch.Hit> find(UUID user, String text, UUID conversationId) {
    return search.search(user, search.parse(text), conversationId, 200, null).items();
  }

  List<Long> seqs(List<MessageSearch.Hit> hits) {
    return hits.stream().map(MessageSearch.Hit::seq).toList();
  }

  @Test
  void membersFindTheirConversationsMessagesAndNobodyElseDoes() {
    UUID c = group(Visibility.PRIVATE);
    events.publish(sent(c, 1, ann, "Lunch at the " + word + " place?"), sent(c, 2, ben, "sure"));

    List<MessageSearch.Hit> hits = find(ben, word);
    assertThat(seqs(hits)).containsExactly(1L);
    MessageSearch.Hit hit = hits.get(0);
    assertThat(hit.conversationId()).isEqualTo(c);
    assertThat(hit.conversationName()).isEqualTo("Search");
    assertThat(hit.senderId()).isEqualTo(ann);
    assertThat(hit.messageId()).isEqualTo(9001);
    assertThat(hit.createdAt()).isEqualTo(T.plusSeconds(1));
    assertThat(hit.body()).isEqualTo("Lunch at the " + word + " place?");
    assertThat(hit.highlights())
        .containsExactly(new MessageSearch.Highlight(13, 13 + word.length()));
    assertThat(find(ann, word.toUpperCase())).hasSize(1);
    assertThat(find(eve, word)).isEmpty();
    assertThat(search.member(c, eve)).isFalse();
    assertThat(consistency.verify().consistent()).isTrue();
  }

  @Test
  void aMemberWhoLeftOrWasRemovedOrBannedFindsNothingAnyMore() {
    UUID c = group(Visibility.PRIVATE);
    UUID cat = UUID.randomUUID();
    events.publish(
        new MemberAddedEvent(c, ann, eve, MemberRole.MEMBER, T),
        new MemberAddedEvent(c, ann, cat, MemberRole.MEMBER, T),
        sent(c, 1, ann, word));
    assertThat(find(ben, word)).hasSize(1);
    assertThat(find(eve, word)).hasSize(1);
    assertThat(find(cat, word)).hasSize(1);

    events.publish(
        new MemberRemovedEvent(c, ben, ben, T.plusSeconds(5)),
        new MemberRemovedEvent(c, ann, eve, T.plusSeconds(5)),
        new MemberBannedEvent(c, ann, cat, T.plusSeconds(5)),
        new MemberRemovedEvent(c, ann, cat, T.plusSeconds(5)));

    assertThat(find(ben, word)).isEmpty();
    assertThat(find(ben, word, c)).isEmpty();
    assertThat(find(eve, word)).isEmpty();
    assertThat(find(cat, word)).isEmpty();
    assertThat(find(ann, word)).hasSize(1);
  }

  @Test
  void aPublicGroupIsSearchedByItsMembersOnly() {
    UUID c = group(Visibility.PUBLIC);
    events.publish(sent(c, 1, ann, "open " + word));
    assertThat(find(ben, word)).hasSize(1);
    assertThat(find(eve, word)).isEmpty();
    assertThat(find(eve, word, c)).isEmpty();
  }

  @Test
  void aDeletedMessageIsGoneAtOnceAndAnEditReplacesItsWords() {
    UUID c = group(Visibility.PRIVATE);
    String other = word + "x";
    events.publish(sent(c, 1, ann, "first " + word), sent(c, 2, ann, "second " + word));

    events.publish(
        new MessageDeletedEvent(c, 1, 9001, ann, T.plusSeconds(10)),
        new MessageEditedEvent(c, 2, 9002, ann, "now " + other, T.plusSeconds(10)));

    assertThat(find(ben, word + " now")).isEmpty(); // "now" is there, but not the old word alone
    assertThat(seqs(find(ben, "first" + " " + word))).isEmpty();
    List<MessageSearch.Hit> edited = find(ben, other);
    assertThat(seqs(edited)).containsExactly(2L);
    assertThat(edited.get(0).body()).isEqualTo("now " + other);
    // An edit arriving again after the deletion (a redelivered batch) brings nothing back.
    events.publish(new MessageEditedEvent(c, 1, 9001, ann, "back " + other, T.plusSeconds(11)));
    assertThat(seqs(find(ben, other))).containsExactly(2L);
    assertThat(consistency.verify().consistent()).isTrue();
  }

  /**
   * Appended together, these reach the projection in one batch, where new rows wait to be inserted
   * together: an edit and a deletion of a message sent in the same batch still apply after it.
   */
  @Test
  void editsAndDeletionsInTheBatchOfTheirMessageApplyInOrder() {
    UUID c = group(Visibility.PRIVATE);
    String other = word + "y";
    List<Object> batch = new ArrayList<>();
    batch.add(sent(c, 1, ann, "draft " + word));
    batch.add(new MessageEditedEvent(c, 1, 9001, ann, "final " + other, T.plusSeconds(5)));
    batch.add(sent(c, 2, ben, "oops " + word));
    batch.add(new MessageDeletedEvent(c, 2, 9002, ben, T.plusSeconds(6)));
    for (long seq = 3; seq <= 160; seq++) {
      batch.add(sent(c, seq, seq % 2 == 0 ? ann : ben, "bulk " + word + " " + seq));
    }
    events.publish(batch);

    List<MessageSearch.Hit> edited = find(ben, other);
    assertThat(seqs(edited)).containsExactly(1L);
    assertThat(edited.get(0).body()).isEqualTo("final " + other);
    assertThat(seqs(find(ben, "draft " + word))).isEmpty();
    assertThat(seqs(find(ben, "oops " + word))).isEmpty();
    assertThat(seqs(find(ann, "bulk " + word, c))).hasSize(158).doesNotContain(1L, 2L);
    assertThat(consistency.verify().consistent()).isTrue();
  }

  @Test
  void theLastWordIsAPrefixAndEveryWordMustMatch() {
    UUID c = group(Visibility.PRIVATE);
    events.publish(
        sent(c, 1, ann, word + " deployment finished"),
        sent(c, 2, ann, word + " deploying now"),
        sent(c, 3, ann, word + " finished"));

    assertThat(seqs(find(ben, word + " deploy"))).containsExactly(2L, 1L);
    assertThat(seqs(find(ben, word + " deploy finished"))).isEmpty(); // whole words but the last
    assertThat(seqs(find(ben, word + " deployment fin"))).containsExactly(1L);
    assertThat(find(ben, word + " deploy").get(1).highlights())
        .containsExactly(
            new MessageSearch.Highlight(0, word.length()),
            new MessageSearch.Highlight(word.length() + 1, word.length() + 11));
  }

  @Test
  void oneConversationOnlyWhenAsked() {
    UUID one = group(Visibility.PRIVATE);
    UUID two = UUID.randomUUID();
    events.publish(
        new DirectConversationOpenedEvent(two, ann, ben, T),
        new MemberAddedEvent(two, ann, ann, MemberRole.MEMBER, T),
        new MemberAddedEvent(two, ann, ben, MemberRole.MEMBER, T),
        sent(one, 1, ann, word + " in the group"),
        sent(two, 1, ann, word + " in private"));
    assertThat(find(ben, word)).hasSize(2);
    List<MessageSearch.Hit> direct = find(ben, word, two);
    assertThat(direct).hasSize(1);
    assertThat(direct.get(0).conversationKind()).isEqualTo("direct");
  }

  @Test
  void syntaxInTheQueryIsNeverReadAsSyntax() {
    UUID c = group(Visibility.PRIVATE);
    events.publish(sent(c, 1, ann, "it's " + word + "'s (test) a|b!"));
    for (String hostile :
        List.of(
            "&|!():*",
            "'",
            "\\",
            "\\'",
            "'' & !",
            "<->",
            "a <-> b",
            ":*",
            "(((",
            "\"" + word + "\"",
            "!" + word,
            word + ":A",
            word + " | zzz",
            "x".repeat(200))) {
      SearchQuery query = search.parse(hostile);
      // Whatever the words, the tsquery built from them is accepted by Postgres.
      if (!query.words().isEmpty()) {
        search.search(ben, query, null, 10, null);
      }
    }
    assertThat(search.parse("&|!():*").words()).isEmpty();
    assertThat(seqs(find(ben, "!" + word))).containsExactly(1L);
    assertThat(seqs(find(ben, "\"" + word + "\""))).containsExactly(1L);
    assertThat(seqs(find(ben, word + " | zzz"))).isEmpty(); // | is not OR: zzz must match too
    assertThat(seqs(find(ben, "(test) " + word))).containsExactly(1L);
  }

  @Test
  void pagesNewestFirstWithoutOverlap() {
    UUID c = group(Visibility.PRIVATE);
    List<Object> batch = new ArrayList<>();
    for (long seq = 1; seq <= 7; seq++) {
      batch.add(sent(c, seq, ann, word + " number " + seq));
    }
    events.publish(batch);
    SearchQuery query = search.parse(word);
    List<Long> seen = new ArrayList<>();
    MessageSearch.After after = null;
    int pages = 0;
    while (true) {
      MessageSearch.Page page = search.search(ben, query, null, 3, after);
      pages++;
      seen.addAll(seqs(page.items()));
      if (page.nextCursor() == null) {
        break;
      }
      after = MessageSearch.parseCursor(page.nextCursor());
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
  }

  @Test
  void nothingOfAnEncryptedConversationIsIndexed() {
    UUID c = UUID.randomUUID();
    String ciphertext = "-----BEGIN PGP MESSAGE-----\n\n" + word + "\n-----END PGP MESSAGE-----";
    events.publish(
        new GroupCreatedEvent(c, ann, "Secret", "", Visibility.PRIVATE, T, true),
        new MemberAddedEvent(c, ann, ann, MemberRole.OWNER, T),
        new MessageSentEvent(
            c,
            1,
            9001,
            ann,
            UUID.randomUUID(),
            null,
            null,
            T,
            List.of(),
            List.of(),
            false,
            ciphertext,
            "ef".repeat(32)),
        new MessageEditedEvent(c, 1, 9001, ann, null, T, ciphertext + " ", "ef".repeat(32)));

    assertThat(find(ann, word)).isEmpty();
    assertThat(search.encrypted(c)).isTrue();
    assertThat(consistency.verify().consistent()).isTrue();
  }
}
