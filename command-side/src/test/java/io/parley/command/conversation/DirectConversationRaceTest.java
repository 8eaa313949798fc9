package io.parley.command.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.command.CommandSideApplication;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.OpenDirectConversationCommand;
import io.parley.support.auth.AuthenticatedUser;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two instances opening one pair's conversation at the same moment: neither sees the other's
 * uncommitted first event, both append, the store's unique sequence refuses the loser, and the
 * loser's answer is still the conversation, never an error.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(EventReplayCounter.class)
class DirectConversationRaceTest {
  @Autowired CommandGateway commands;
  @Autowired UserExistence users;
  @Autowired JdbcTemplate jdbc;
  @Autowired TransactionTemplate transaction;

  @Autowired
  @Qualifier("conversationCache")
  Cache cache;

  private UUID user() {
    UUID id = UUID.randomUUID();
    String name = "u" + id.toString().substring(0, 8);
    jdbc.update(
        "INSERT INTO account_credentials (user_id, username_lower, username, display_name,"
            + " email_lower, password_hash, created_at) VALUES (?, ?, ?, ?, ?, 'x', ?)",
        id,
        name,
        name,
        name,
        name + "@example.test",
        Timestamp.from(Instant.now()));
    return id;
  }

  @Test
  void theLoserOfACreationRaceAcrossInstancesGetsTheWinnersConversation() throws Exception {
    UUID ann = user();
    UUID ben = user();
    UUID id = DirectConversationController.idOf(ann, ben);
    DirectConversationController controller =
        new DirectConversationController(commands, users, Clock.systemUTC());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    try {
      // The winner appends inside a transaction it holds open; dropping the cache makes this
      // JVM behave like a second instance that has never seen the conversation.
      Future<?> winner =
          pool.submit(
              () ->
                  transaction.executeWithoutResult(
                      status -> {
                        commands.sendAndWait(
                            new OpenDirectConversationCommand(id, ann, ben, Instant.now()));
                        cache.removeAll();
                        appended.countDown();
                        await(commit);
                      }));
      assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
      Future<Map<String, ConversationView>> loser =
          pool.submit(
              () ->
                  controller.open(
                      new AuthenticatedUser(ben, UUID.randomUUID(), Instant.now()),
                      new DirectConversationController.OpenRequest(ann.toString(), null)));
      awaitBlockedOnTheWinnersRow();
      commit.countDown();
      winner.get(30, TimeUnit.SECONDS);

      ConversationView view = loser.get(30, TimeUnit.SECONDS).get("conversation");
      assertThat(view.conversationId()).isEqualTo(id);
      assertThat(view.memberCount()).isEqualTo(2);
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                  Long.class,
                  id.toString()))
          .isEqualTo(3);
    } finally {
      commit.countDown();
      pool.shutdownNow();
    }
  }

  /** Polls until some session waits on a row lock: the loser's insert behind the winner's. */
  private void awaitBlockedOnTheWinnersRow() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (jdbc.queryForObject(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'", Long.class)
        == 0) {
      assertThat(System.nanoTime()).as("the loser reached the store").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
