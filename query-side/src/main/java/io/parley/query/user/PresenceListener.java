package io.parley.query.user;

import io.parley.support.notify.ChannelListener;
import io.parley.support.notify.PresenceNotice;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code directory_presence} from the push service's presence announcements (Postgres {@code
 * NOTIFY}, never the event log: docs/adr/0097). Each time it starts listening (start, reconnect) it
 * may have missed flips, so it asks the push processes to repeat the presence of everyone online or
 * seen since a little before the latest last-seen it holds ({@link #SLACK} covers the clocks of
 * several push processes); an older notice never overwrites a newer one.
 */
@Component
class PresenceListener implements SmartLifecycle {
  static final Duration SLACK = Duration.ofMinutes(5);

  private final JdbcTemplate jdbc;
  private final ChannelListener listener;

  PresenceListener(JdbcTemplate jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.listener =
        new ChannelListener(
            dataSource,
            "query-presence-listener",
            Map.of(PresenceNotice.CHANNEL, payload -> apply(PresenceNotice.parse(payload))),
            this::askForResync);
  }

  void apply(PresenceNotice notice) {
    record(jdbc, notice.userId(), notice.online(), notice.lastSeenAt());
  }

  /** The conditional upsert shared with the old log's {@code UserPresenceChangedEvent}. */
  static void record(JdbcTemplate jdbc, UUID userId, boolean online, Instant lastSeenAt) {
    jdbc.update(
        "INSERT INTO directory_presence (user_id, online, last_seen_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (user_id) DO UPDATE"
            + " SET online = EXCLUDED.online, last_seen_at = EXCLUDED.last_seen_at"
            + " WHERE directory_presence.last_seen_at <= EXCLUDED.last_seen_at",
        userId,
        online,
        Timestamp.from(lastSeenAt));
  }

  private void askForResync() {
    Timestamp latest =
        jdbc.queryForObject("SELECT max(last_seen_at) FROM directory_presence", Timestamp.class);
    String since = latest == null ? "" : latest.toInstant().minus(SLACK).toString();
    jdbc.queryForList("SELECT pg_notify(?, ?)", Object.class, PresenceNotice.SYNC_CHANNEL, since);
  }

  @Override
  public void start() {
    listener.start();
  }

  @Override
  public void stop() {
    listener.stop();
  }

  @Override
  public boolean isRunning() {
    return listener.isRunning();
  }
}
