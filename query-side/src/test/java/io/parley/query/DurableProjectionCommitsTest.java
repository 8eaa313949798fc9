package io.parley.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.message.MessageSentEvent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A read model's batch commits durably, like every other transaction of the process: a commit that
 * a crash of Postgres alone took back would be lost for good, because the running processor keeps
 * the position it committed (docs/adr/0214, which reverted 0211).
 */
@ProjectionTest
class DurableProjectionCommitsTest {
  static final Instant T = Instant.parse("2026-12-05T08:00:00Z");

  @Autowired PublishedEvents events;
  @Autowired CommitModeProbe probe;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void theInboxBatchCommitsDurablyLikeEveryOtherTransaction() {
    UUID c = UUID.randomUUID();
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    events.publish(
        new DirectConversationOpenedEvent(c, alice, bob, T),
        new MemberAddedEvent(c, alice, alice, MemberRole.MEMBER, T),
        new MemberAddedEvent(c, alice, bob, MemberRole.MEMBER, T),
        new MessageSentEvent(
            c, 1, 1001, alice, UUID.randomUUID(), CommitModeProbe.MARKER, null, T));

    assertThat(probe.seen()).containsExactly("on");
    String inATransaction =
        new TransactionTemplate(transactions)
            .execute(s -> jdbc.queryForObject("SHOW synchronous_commit", String.class));
    assertThat(inATransaction).isEqualTo("on");
    assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
  }
}
