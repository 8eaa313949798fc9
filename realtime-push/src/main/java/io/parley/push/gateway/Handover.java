package io.parley.push.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.push.gateway.GatewaySession.Snapshot;
import io.parley.push.routing.LiveCut;
import io.parley.push.routing.LogPositions;
import io.parley.push.routing.LogReplay;
import io.parley.support.DaemonThreads;
import io.parley.support.auth.AuthenticatedUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.socket.CloseStatus;

/**
 * Resume on any push process (docs/adr/0175). A process writes a session's resume point (its last
 * event id, its last frames and the log position that matches them, taken in a {@link LiveCut})
 * when the session's socket drops and, for every session, when the process stops; it then closes
 * its sockets with 1012. A resume for a session another process wrote claims the point, registers
 * the session for live pushes inside a cut, replays the user's share of the log between the two
 * positions ({@link LogReplay}), then lets the live pushes held meanwhile through: no gap, no
 * duplicate. A point older than the resume window, or with more log events behind it than {@code
 * parley.gateway.resume-max-log-events}, answers {@code invalid_session}.
 */
class Handover implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Handover.class);
  private static final TypeReference<List<Map<String, Object>>> FRAMES = new TypeReference<>() {};
  private static final int MAX_SESSION_ID = 64;

  /** A stored resume point. */
  record Point(
      String sessionId,
      UUID userId,
      String owner,
      long version,
      long lastEventId,
      long resumableFrom,
      String position,
      String frames,
      double ageSeconds) {}

  private final String self = UUID.randomUUID().toString();
  private final JdbcTemplate jdbc;
  private final LiveCut cut;
  private final LogReplay replay;
  private final Sessions sessions;
  private final ObjectMapper json;
  private final Duration resumeWindow;
  private final int maxFrames;
  private final int maxChars;
  private final int maxLogEvents;
  private final Duration logWait;
  private final Duration drainTimeout;
  private final Duration pointWait;
  private final Set<GatewaySession> detached = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService checkpoints;
  private final ScheduledExecutorService timers;
  private final ExecutorService resumes;
  private volatile boolean running;
  private volatile boolean stopping;

  Handover(
      JdbcTemplate jdbc,
      LiveCut cut,
      LogReplay replay,
      Sessions sessions,
      ObjectMapper json,
      Duration resumeWindow,
      int maxFrames,
      int maxChars,
      int maxLogEvents,
      Duration drainTimeout,
      Duration pointWait) {
    this.pointWait = pointWait;
    this.jdbc = jdbc;
    this.cut = cut;
    this.replay = replay;
    this.sessions = sessions;
    this.json = json;
    this.resumeWindow = resumeWindow;
    this.maxFrames = maxFrames;
    this.maxChars = maxChars;
    this.maxLogEvents = maxLogEvents;
    this.logWait = Duration.ofSeconds(5);
    this.drainTimeout = drainTimeout;
    this.checkpoints =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("push-handover"));
    this.resumes = Executors.newFixedThreadPool(2, DaemonThreads.named("push-resume"));
    this.timers =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("push-resume-lookup"));
  }

  /** Whether this process is handing its sessions over (new sockets are closed with 1012). */
  boolean stopping() {
    return stopping;
  }

  /** The socket of {@code session} dropped: write its resume point soon. */
  void detached(GatewaySession session) {
    if (!stopping) {
      detached.add(session);
    }
  }

  /** The resume point stored for {@code sessionId}, or null. */
  Point find(String sessionId) {
    if (sessionId.length() > MAX_SESSION_ID) {
      return null;
    }
    List<Point> points =
        jdbc.query(
            "SELECT session_id, user_id, owner, version, last_event_id, resumable_from, position,"
                + " frames, EXTRACT(EPOCH FROM (now() - saved_at)) AS age FROM push_resume_point"
                + " WHERE session_id = ?",
            (row, n) ->
                new Point(
                    row.getString("session_id"),
                    row.getObject("user_id", UUID.class),
                    row.getString("owner"),
                    row.getLong("version"),
                    row.getLong("last_event_id"),
                    row.getLong("resumable_from"),
                    row.getString("position"),
                    row.getString("frames"),
                    row.getDouble("age")),
            sessionId);
    return points.isEmpty() ? null : points.get(0);
  }

  /**
   * Waits up to {@code parley.gateway.resume-point-wait} for another process to write a point of
   * {@code sessionId} that covers {@code lastSeen}, then calls {@code found} with it, or {@code
   * none}. Returns at once.
   */
  void awaitPoint(
      String sessionId, long lastSeen, java.util.function.Consumer<Point> found, Runnable none) {
    // A few lookups on the timer thread rather than a thread waiting per resume: a process that
    // crashed sends all its clients here at once, and none of them will find a point.
    long[] delays = {pointWait.toMillis() / 4, pointWait.toMillis()};
    lookUp(sessionId, lastSeen, found, none, delays, 0);
  }

  private void lookUp(
      String sessionId,
      long lastSeen,
      java.util.function.Consumer<Point> found,
      Runnable none,
      long[] delays,
      int attempt) {
    if (stopping || attempt >= delays.length) {
      none.run();
      return;
    }
    long delay = delays[attempt] - (attempt == 0 ? 0 : delays[attempt - 1]);
    timers.schedule(
        () -> {
          try {
            Point point = find(sessionId);
            if (point != null && !ownedHere(point) && lastSeen <= point.lastEventId()) {
              found.accept(point);
              return;
            }
          } catch (RuntimeException e) {
            log.warn("Looking up a resume point failed; the client resyncs", e);
            none.run();
            return;
          }
          lookUp(sessionId, lastSeen, found, none, delays, attempt + 1);
        },
        Math.max(1, delay),
        TimeUnit.MILLISECONDS);
  }

  /** Whether the point was written by this process (its session, if alive, is here). */
  boolean ownedHere(Point point) {
    return self.equals(point.owner());
  }

  /**
   * Resumes here a session another process handed over. {@code replaces}: this process's stale copy
   * of the session, ended before the resumed one is registered. On success {@code attach} gets the
   * session and the catch-up frames' tails to finish the resume with; otherwise {@code invalid}
   * runs. Returns at once: the claim and the catch-up run on the resume threads.
   */
  void resumeElsewhere(
      Point point,
      AuthenticatedUser user,
      long lastSeen,
      ReplayBuffer buffer,
      Runnable replaces,
      BiConsumer<GatewaySession, List<String>> attach,
      Runnable invalid) {
    TrackingToken from = LogPositions.read(point.position());
    if (stopping
        || !point.userId().equals(user.userId())
        || from == null
        || point.ageSeconds() > resumeWindow.toSeconds()
        || lastSeen < point.resumableFrom()
        || lastSeen > point.lastEventId()) {
      invalid.run();
      return;
    }
    resumes.execute(
        () -> {
          try {
            if (!claim(point)) {
              invalid.run();
              return;
            }
            replaces.run();
            GatewaySession session =
                new GatewaySession(
                    user.userId(),
                    point.sessionId(),
                    buffer,
                    point.lastEventId(),
                    point.resumableFrom(),
                    frames(point.frames()));
            TrackingToken live = registerAtCut(session, from);
            if (live == null) {
              invalid.run();
              return;
            }
            List<Push> missed = replay.between(user.userId(), from, live, maxLogEvents, logWait);
            if (missed == null) {
              sessions.remove(session);
              session.shed(CloseStatus.SERVICE_RESTARTED);
              invalid.run();
              return;
            }
            attach.accept(session, missed.stream().map(sessions::tail).toList());
          } catch (RuntimeException e) {
            log.warn("A resume from another process failed; the client resyncs", e);
            invalid.run();
          }
        });
  }

  /**
   * Registers {@code session} for live pushes in a cut whose position has seen everything {@code
   * from} has (so live delivery pushes it nothing the client already had); waits for live delivery
   * to get there if it is behind. The cut's position, or null.
   */
  private TrackingToken registerAtCut(GatewaySession session, TrackingToken from) {
    long deadline = System.nanoTime() + logWait.toNanos();
    while (true) {
      TrackingToken live =
          cut.atCut(
              position -> {
                if (position == null || !LogPositions.coversAll(position, from)) {
                  return null;
                }
                sessions.add(session);
                return position;
              });
      if (live != null || System.nanoTime() - deadline > 0) {
        return live;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private boolean claim(Point point) {
    return jdbc.update(
            "UPDATE push_resume_point SET owner = ?, version = version + 1, saved_at = now()"
                + " WHERE session_id = ? AND version = ?",
            self,
            point.sessionId(),
            point.version())
        == 1;
  }

  private List<ReplayBuffer.Entry> frames(String text) {
    try {
      List<ReplayBuffer.Entry> frames = new ArrayList<>();
      for (Map<String, Object> frame : json.readValue(text, FRAMES)) {
        frames.add(
            ReplayBuffer.Entry.ofFrame(
                ((Number) frame.get("id")).longValue(), (String) frame.get("frame")));
      }
      return frames;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable resume point", e);
    }
  }

  private String framesText(List<ReplayBuffer.Entry> frames) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ReplayBuffer.Entry frame : frames) {
      list.add(Map.of("id", frame.eventId(), "frame", frame.frame()));
    }
    try {
      return json.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the resume points of the sessions whose sockets dropped since the last time. */
  void checkpointDetached() {
    List<GatewaySession> due = new ArrayList<>();
    for (GatewaySession session : List.copyOf(detached)) {
      detached.remove(session);
      // A session still catching up keeps the point it was resumed from (its socket that dropped
      // was waiting for the catch-up); the catch-up marks it again if it ends without a socket.
      if (!session.attached() && !session.ended() && !session.catchingUp()) {
        due.add(session);
      }
    }
    if (!due.isEmpty()) {
      checkpoint(due, false);
    }
  }

  private void checkpoint(List<GatewaySession> due, boolean freeze) {
    Map<GatewaySession, Snapshot> snapshots = new java.util.LinkedHashMap<>();
    String position =
        cut.atCut(
            live -> {
              if (live == null) {
                return null;
              }
              for (GatewaySession session : due) {
                snapshots.put(session, session.snapshot(maxFrames, maxChars, freeze));
              }
              return LogPositions.write(live);
            });
    if (position == null) {
      return;
    }
    List<Object[]> rows = new ArrayList<>();
    snapshots.forEach(
        (session, snapshot) -> {
          List<ReplayBuffer.Entry> frames = snapshot.frames();
          long resumableFrom =
              frames.isEmpty() ? snapshot.lastEventId() : frames.get(0).eventId() - 1;
          rows.add(
              new Object[] {
                session.sessionId(),
                session.userId(),
                self,
                snapshot.lastEventId(),
                resumableFrom,
                position,
                framesText(frames)
              });
        });
    jdbc.batchUpdate(
        "INSERT INTO push_resume_point (session_id, user_id, owner, version, last_event_id,"
            + " resumable_from, position, frames, saved_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, now())"
            + " ON CONFLICT (session_id) DO UPDATE SET version = push_resume_point.version + 1,"
            + " last_event_id = EXCLUDED.last_event_id, resumable_from = EXCLUDED.resumable_from,"
            + " position = EXCLUDED.position, frames = EXCLUDED.frames, saved_at = now()"
            + " WHERE push_resume_point.owner = EXCLUDED.owner",
        rows);
  }

  private void forgetOld() {
    jdbc.update(
        "DELETE FROM push_resume_point WHERE saved_at < now() - make_interval(secs => ?)",
        (double) resumeWindow.toSeconds());
  }

  @Override
  public void start() {
    running = true;
    checkpoints.scheduleWithFixedDelay(
        guarded(this::checkpointDetached), 100, 100, TimeUnit.MILLISECONDS);
    checkpoints.scheduleWithFixedDelay(guarded(this::forgetOld), 1, 60, TimeUnit.SECONDS);
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("Writing resume points failed", e);
      }
    };
  }

  /**
   * Hands every session over: freezes them in one cut, writes their resume points, lets their
   * sockets drain (up to {@code parley.gateway.handover-drain-timeout}) and closes them with 1012,
   * so clients reconnect and resume on another process.
   */
  @Override
  public void stop() {
    stopping = true;
    checkpoints.shutdownNow();
    try {
      List<GatewaySession> all = List.copyOf(sessions.all());
      try {
        // A session still catching up keeps the point it was resumed from: its client has not
        // seen anything of this process yet.
        checkpoint(all.stream().filter(s -> !s.catchingUp()).toList(), true);
      } catch (RuntimeException e) {
        log.warn("Could not hand the gateway sessions over; their clients resync", e);
      }
      long deadline = System.nanoTime() + drainTimeout.toNanos();
      while (all.stream().anyMatch(s -> s.socketQueued() > 0) && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      for (GatewaySession session : all) {
        session.closeSocket(CloseStatus.SERVICE_RESTARTED);
      }
    } finally {
      resumes.shutdownNow();
      timers.shutdownNow();
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops before the web server and the event processors. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 10;
  }
}
