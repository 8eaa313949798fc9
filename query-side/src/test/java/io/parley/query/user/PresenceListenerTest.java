package io.parley.query.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.query.ProjectionTest;
import io.parley.support.notify.ChannelListener;
import io.parley.support.notify.PresenceNotice;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The user view's presence follows the push service's announcements, not the event log. */
@ProjectionTest
class PresenceListenerTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-23T09:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-23T10:00:00Z");

  @Autowired UserDirectoryProjection projection;
  @Autowired Users users;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;

  private void announce(UUID userId, boolean online, Instant at, boolean resync) {
    jdbc.queryForList(
        "SELECT pg_notify(?, ?)",
        Object.class,
        PresenceNotice.CHANNEL,
        new PresenceNotice(userId, online, at, resync).toJson());
  }

  private Users.Presence presenceOf(UUID userId) {
    return users.profile(userId).orElseThrow().presence();
  }

  private static <T> void await(Supplier<T> actual, T expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!expected.equals(actual.get()) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(actual.get()).isEqualTo(expected);
  }

  @Test
  void anAnnouncedFlipShowsInTheUserViewAndAnOlderOneNeverOverwritesIt() throws Exception {
    UUID userId = UUID.randomUUID();
    projection.on(
        new AccountRegisteredEvent(userId, "flip" + userId.toString().substring(0, 8), "Flip", T0));
    announce(userId, true, T1, false);
    await(() -> presenceOf(userId), new Users.Presence("online", T1));

    announce(userId, false, T2, false);
    announce(userId, true, T1, true);
    UUID marker = UUID.randomUUID();
    announce(marker, true, T2, false); // announced after the stale one: once it shows, all did
    await(
        () ->
            jdbc.queryForList(
                    "SELECT user_id FROM directory_presence WHERE user_id = ?", UUID.class, marker)
                .size(),
        1);
    assertThat(presenceOf(userId)).isEqualTo(new Users.Presence("offline", T2));
  }

  @Test
  void aPresenceAnnouncedBeforeTheAccountIsProjectedIsNotLost() throws Exception {
    UUID userId = UUID.randomUUID();
    announce(userId, true, T1, false);
    await(
        () ->
            jdbc.queryForList(
                    "SELECT user_id FROM directory_presence WHERE user_id = ?", UUID.class, userId)
                .size(),
        1);
    projection.on(
        new AccountRegisteredEvent(
            userId, "early" + userId.toString().substring(0, 8), "Early", T0));
    assertThat(presenceOf(userId)).isEqualTo(new Users.Presence("online", T1));
  }

  @Test
  void afterLosingItsConnectionTheListenerAsksForTheFlipsItMayHaveMissed() throws Exception {
    UUID userId = UUID.randomUUID();
    projection.on(
        new AccountRegisteredEvent(
            userId, "resync" + userId.toString().substring(0, 8), "Resync", T0));
    announce(userId, true, T2, false);
    await(() -> presenceOf(userId), new Users.Presence("online", T2));

    BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    ChannelListener push =
        new ChannelListener(
            dataSource,
            "test-sync-listener",
            Map.of(PresenceNotice.SYNC_CHANNEL, requests::add),
            () -> {});
    push.start();
    try {
      Thread.sleep(500); // the test listener is listening
      jdbc.queryForList(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE query = 'LISTEN "
              + PresenceNotice.CHANNEL
              + "'",
          Object.class);
      String since = requests.poll(10, TimeUnit.SECONDS);
      assertThat(since).as("a resync is requested on reconnect").isNotNull();
      assertThat(Instant.parse(since)).isBeforeOrEqualTo(T2.minus(PresenceListener.SLACK));

      announce(userId, false, T2.plusSeconds(1), true);
      await(() -> presenceOf(userId), new Users.Presence("offline", T2.plusSeconds(1)));
    } finally {
      push.stop();
    }
  }
}
