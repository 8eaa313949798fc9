package io.parley.push.presence;

import io.parley.push.gateway.Push;
import io.parley.push.gateway.Sessions;
import io.parley.push.protocol.PushType;
import io.parley.support.notify.ChannelListener;
import io.parley.support.notify.PresenceNotice;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Pushes {@code presence.updated} to this process's watchers for each flip announced on {@link
 * PresenceNotice#CHANNEL} (by any process, this one included), and answers a resync request on
 * {@link PresenceNotice#SYNC_CHANNEL} by repeating current presence, which pushes nothing.
 */
@Component
class PresenceRelay implements SmartLifecycle {
  private final PresenceTracker tracker;
  private final Sessions sessions;
  private final ChannelListener listener;

  PresenceRelay(DataSource dataSource, PresenceTracker tracker, Sessions sessions) {
    this.tracker = tracker;
    this.sessions = sessions;
    this.listener =
        new ChannelListener(
            dataSource,
            "presence-listener",
            Map.of(PresenceNotice.CHANNEL, this::relay, PresenceNotice.SYNC_CHANNEL, this::resync),
            () -> {});
  }

  private void relay(String payload) {
    PresenceNotice notice = PresenceNotice.parse(payload);
    if (notice.resync()) {
      return;
    }
    sessions.toPresenceWatchers(
        notice.userId(),
        Push.of(
            PushType.PRESENCE_UPDATED,
            null,
            PresenceView.of(notice.userId(), notice.online(), notice.lastSeenAt())));
  }

  private void resync(String since) {
    tracker.announceCurrent(since == null || since.isBlank() ? null : Instant.parse(since));
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
