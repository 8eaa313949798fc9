package io.parley.push.presence;

import io.parley.support.notify.PresenceNotice;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Presence across every push process sharing the database. A user is online while any process holds
 * a live socket of theirs: each process counts its own sockets per user and keeps one row per
 * (user, process) while the count is positive, under a lease it renews every third of a heartbeat
 * interval. A clean close takes the user offline at once; a lost socket goes with its heartbeat
 * timeout (2 intervals); a crashed process's rows go when its lease runs out (at most 1 interval
 * plus one renewal). Transitions are decided by conditional updates, so exactly one process
 * announces each flip as a {@link PresenceNotice} on Postgres {@code NOTIFY}, which every push
 * process then pushes as {@code presence.updated} ({@link PresenceRelay}) and the query side keeps
 * as the user view's presence. Flips are never appended to the event log (docs/adr/0097).
 */
@Component
public class PresenceTracker {
  private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration lease;
  private final UUID processId = UUID.randomUUID();
  private final Map<UUID, Integer> localSockets = new ConcurrentHashMap<>();
  // One user's sockets are counted under that user's stripe, so a reconnect storm's presence
  // writes run in parallel instead of queueing every identify of the process behind them.
  private final Object[] stripes = new Object[64];
  private final Object leaseLock = new Object();
  private volatile Instant renewedAt = Instant.MIN;

  PresenceTracker(
      JdbcTemplate jdbc,
      Clock clock,
      @Value("${parley.gateway.heartbeat-interval:30s}") Duration heartbeatInterval) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.lease = heartbeatInterval;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
  }

  private Object stripeOf(UUID userId) {
    return stripes[Math.floorMod(userId.hashCode(), stripes.length)];
  }

  UUID processId() {
    return processId;
  }

  Duration renewalInterval() {
    return lease.dividedBy(3);
  }

  /** A socket of {@code userId} identified on this process. */
  public void connected(UUID userId) {
    synchronized (stripeOf(userId)) {
      int count = localSockets.merge(userId, 1, Integer::sum);
      if (count == 1) {
        if (renewedAt.isBefore(clock.instant().minus(renewalInterval()))) {
          renewLease();
        }
        comeOnline(userId, clock.instant());
      }
    }
  }

  private void comeOnline(UUID userId, Instant now) {
    {
      jdbc.update(
          "INSERT INTO push_presence_socket (user_id, process_id) VALUES (?, ?)"
              + " ON CONFLICT DO NOTHING",
          userId,
          processId);
      boolean cameOnline =
          !jdbc.queryForList(
                  "INSERT INTO push_user_presence (user_id, online, last_seen_at)"
                      + " VALUES (?, true, ?) ON CONFLICT (user_id) DO UPDATE"
                      + " SET online = true, last_seen_at = EXCLUDED.last_seen_at"
                      + " WHERE NOT push_user_presence.online RETURNING user_id",
                  UUID.class,
                  userId,
                  Timestamp.from(now))
              .isEmpty();
      if (cameOnline) {
        publish(userId, true, now);
      }
    }
  }

  /** An identified socket of {@code userId} on this process closed, cleanly or not. */
  public void disconnected(UUID userId) {
    synchronized (stripeOf(userId)) {
      Integer count = localSockets.computeIfPresent(userId, (id, n) -> n == 1 ? null : n - 1);
      if (count == null) {
        jdbc.update(
            "DELETE FROM push_presence_socket WHERE user_id = ? AND process_id = ?",
            userId,
            processId);
        goOfflineWhereNoSocketIsLeft(userId);
      }
    }
  }

  /** The current presence of each user; never-seen users are offline with no last-seen time. */
  public List<PresenceView> current(Collection<UUID> userIds) {
    Map<UUID, PresenceView> known = new HashMap<>();
    if (!userIds.isEmpty()) {
      jdbc.query(
          "SELECT user_id, online, last_seen_at FROM push_user_presence WHERE user_id = ANY(?)",
          row -> {
            UUID id = row.getObject("user_id", UUID.class);
            known.put(
                id,
                PresenceView.of(
                    id, row.getBoolean("online"), row.getTimestamp("last_seen_at").toInstant()));
          },
          (Object) userIds.toArray(UUID[]::new));
    }
    List<PresenceView> views = new ArrayList<>();
    for (UUID userId : userIds) {
      views.add(known.getOrDefault(userId, PresenceView.of(userId, false, null)));
    }
    return views;
  }

  /** Renews this process's lease, expires crashed processes and takes their users offline. */
  void heartbeat() {
    renewLease();
    jdbc.update("DELETE FROM push_process WHERE lease_until < ?", Timestamp.from(clock.instant()));
    goOfflineWhereNoSocketIsLeft(null);
  }

  /** Ends this process's presence on a clean shutdown: its users go offline now. */
  void shutdown() {
    localSockets.clear();
    jdbc.update("DELETE FROM push_process WHERE process_id = ?", processId);
    goOfflineWhereNoSocketIsLeft(null);
  }

  /**
   * Renews the lease. If another process had expired it (this one stalled longer than a lease), the
   * socket rows went with it: they are written again and the users brought back online.
   */
  private void renewLease() {
    synchronized (leaseLock) {
      renewLeaseLocked();
    }
  }

  private void renewLeaseLocked() {
    renewedAt = clock.instant();
    Instant until = renewedAt.plus(lease);
    Boolean created =
        jdbc.queryForObject(
            "INSERT INTO push_process (process_id, lease_until) VALUES (?, ?)"
                + " ON CONFLICT (process_id) DO UPDATE SET lease_until = EXCLUDED.lease_until"
                + " RETURNING (xmax = 0)",
            Boolean.class,
            processId,
            Timestamp.from(until));
    if (Boolean.TRUE.equals(created) && !localSockets.isEmpty()) {
      Instant now = clock.instant();
      for (UUID userId : List.copyOf(localSockets.keySet())) {
        comeOnline(userId, now);
      }
    }
  }

  /** For one user, or for everyone when {@code userId} is null. */
  private void goOfflineWhereNoSocketIsLeft(UUID userId) {
    Instant now = clock.instant();
    List<UUID> wentOffline =
        jdbc.queryForList(
            "UPDATE push_user_presence p SET online = false, last_seen_at = ?"
                + " WHERE p.online AND (CAST(? AS UUID) IS NULL OR p.user_id = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM push_presence_socket s"
                + " JOIN push_process r ON r.process_id = s.process_id"
                + " WHERE s.user_id = p.user_id AND r.lease_until >= ?)"
                + " RETURNING p.user_id",
            UUID.class,
            Timestamp.from(now),
            userId,
            userId,
            Timestamp.from(now));
    wentOffline.forEach(id -> publish(id, false, now));
  }

  /**
   * Repeats, marked as a resync, the presence of every user online now or last seen at or after
   * {@code since} (everyone known when null), for a listener that may have missed flips.
   */
  void announceCurrent(Instant since) {
    jdbc.query(
        "SELECT user_id, online, last_seen_at FROM push_user_presence"
            + " WHERE online OR CAST(? AS TIMESTAMPTZ) IS NULL OR last_seen_at >= ?",
        row -> {
          announce(
              new PresenceNotice(
                  row.getObject("user_id", UUID.class),
                  row.getBoolean("online"),
                  row.getTimestamp("last_seen_at").toInstant(),
                  true));
        },
        since == null ? null : Timestamp.from(since),
        since == null ? null : Timestamp.from(since));
  }

  private void publish(UUID userId, boolean online, Instant at) {
    announce(new PresenceNotice(userId, online, at, false));
  }

  private void announce(PresenceNotice notice) {
    try {
      jdbc.queryForList(
          "SELECT pg_notify(?, ?)", Object.class, PresenceNotice.CHANNEL, notice.toJson());
    } catch (RuntimeException e) {
      log.warn("Could not announce a presence change of user {}", notice.userId(), e);
    }
  }
}
