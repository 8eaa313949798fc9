package io.parley.query.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageSentEvent;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import io.parley.query.ReplayPause;
import io.parley.query.consistency.ReadBarrier;
import io.parley.query.conversation.Conversations;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.lang.Nullable;

/**
 * The checks of a history page in one statement (docs/adr/0223), against the real read models: the
 * permission that statement read is used only when positions known before it cover the
 * conversation.
 */
@ProjectionTest
class HistoryReadsTest {
  static final Instant T = Instant.parse("2026-12-06T08:00:00Z");

  @Autowired PublishedEvents events;
  @Autowired HistoryReads reads;
  @Autowired ReplayPause pause;
  @Autowired ReadBarrier barrier;
  @Autowired Conversations conversations;
  @Autowired JdbcTemplate jdbc;

  final UUID ann = UUID.randomUUID();
  final UUID ben = UUID.randomUUID();
  final UUID c = UUID.randomUUID();

  MessageSentEvent sent(long seq) {
    return new MessageSentEvent(
        c, seq, 9000 + seq, ann, UUID.randomUUID(), "body " + seq, null, T.plusSeconds(seq));
  }

  /** A private group of ann and ben, then {@code next}. */
  List<Object> groupWith(Object next) {
    return List.of(
        new GroupCreatedEvent(c, ann, "History", "", Visibility.PRIVATE, T),
        new MemberAddedEvent(c, ann, ann, MemberRole.OWNER, T),
        new MemberAddedEvent(c, ann, ben, MemberRole.MEMBER, T),
        next);
  }

  @Test
  void aMemberAddedAMomentAgoReadsThePageAndNotA404() throws Exception {
    events.publish(
        new GroupCreatedEvent(c, ann, "History", "", Visibility.PRIVATE, T),
        new MemberAddedEvent(c, ann, ann, MemberRole.OWNER, T),
        sent(1));
    assertThat(reads.check(c, ann)).as("positions read now cover the group").isFalse();
    assertThat(reads.check(c, ann)).as("and are known for the next read").isTrue();

    // The directory is held before ben's membership: the one statement sees him as no member.
    try (ReplayPause.Paused held =
        pause.beforeAny(
            "conversation-directory",
            event -> event instanceof MemberAddedEvent added && added.userId().equals(ben))) {
      events.append(new MemberAddedEvent(c, ann, ben, MemberRole.MEMBER, T), sent(2));
      held.awaitReached();
      CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(held::close);

      assertThatCode(() -> reads.check(c, ben)).doesNotThrowAnyException();
    }
  }

  @Test
  void aReaderWhoMayNotSeeTheConversationGetsItsNotFoundAndNeverThePage() {
    events.publish(groupWith(sent(1)));
    UUID stranger = UUID.randomUUID();

    assertThatThrownBy(() -> reads.check(c, stranger))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> reads.check(UUID.randomUUID(), ann))
        .as("no such conversation")
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatCode(() -> reads.check(c, ben)).as("a member").doesNotThrowAnyException();
  }

  @Test
  void withoutTheEventLogInThisDatabaseTheChecksAreAskedOneByOne() {
    events.publish(groupWith(sent(1)));
    JdbcTemplate noLog =
        new JdbcTemplate(jdbc.getDataSource()) {
          @Override
          public <T> T query(String sql, ResultSetExtractor<T> rows, @Nullable Object... args) {
            if (sql.contains("domainevententry")) {
              throw new BadSqlGrammarException(
                  "history", sql, new SQLException("relation \"domainevententry\" does not exist"));
            }
            return super.query(sql, rows, args);
          }
        };
    HistoryReads elsewhere = new HistoryReads(barrier, conversations, noLog);

    assertThatCode(() -> elsewhere.check(c, ben)).doesNotThrowAnyException();
    assertThatCode(() -> elsewhere.check(c, ann))
        .as("asked one by one from now on")
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> elsewhere.check(c, UUID.randomUUID()))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }
}
