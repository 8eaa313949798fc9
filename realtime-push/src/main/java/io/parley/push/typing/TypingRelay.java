package io.parley.push.typing;

import io.parley.push.gateway.Push;
import io.parley.push.gateway.Sessions;
import io.parley.push.protocol.PushType;
import io.parley.push.protocol.TypingStarted;
import io.parley.push.routing.PushMemberships;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Typing indicators: ephemeral, never in the event log. A member's {@code typing} op becomes a
 * Postgres {@code NOTIFY} (the database every push process already shares), and each process's
 * listener pushes {@code typing.started} to the other members' sockets it holds, the origin process
 * included, so every socket gets it exactly once. Clients expire it after 6 s.
 */
@Component
public class TypingRelay implements SmartLifecycle {
  static final String CHANNEL = "parley_push_typing";
  private static final Logger log = LoggerFactory.getLogger(TypingRelay.class);

  private final JdbcTemplate jdbc;
  private final DataSource dataSource;
  private final PushMemberships memberships;
  private final Sessions sessions;
  private volatile boolean running;
  private Thread listener;

  TypingRelay(
      JdbcTemplate jdbc, DataSource dataSource, PushMemberships memberships, Sessions sessions) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.memberships = memberships;
    this.sessions = sessions;
  }

  /** Returns false (nothing sent) when {@code userId} is not a member. */
  public boolean typing(UUID userId, UUID conversationId) {
    if (!memberships.isMember(conversationId, userId)) {
      return false;
    }
    jdbc.queryForList(
        "SELECT pg_notify(?, ?)", Object.class, CHANNEL, conversationId + " " + userId);
    return true;
  }

  private void relay(String payload) {
    String[] parts = payload.split(" ");
    if (parts.length != 2) {
      return;
    }
    UUID conversationId = UUID.fromString(parts[0]);
    UUID userId = UUID.fromString(parts[1]);
    sessions.broadcast(
        memberships.members(conversationId).stream().filter(id -> !id.equals(userId)).toList(),
        Push.of(PushType.TYPING_STARTED, conversationId, new TypingStarted(userId)));
  }

  private void listen() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(250);
          if (notifications == null) {
            continue;
          }
          for (PGNotification notification : notifications) {
            try {
              relay(notification.getParameter());
            } catch (RuntimeException e) {
              log.warn("Could not relay a typing notification", e);
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("Typing listener lost its connection; reconnecting", e);
          sleepQuietly();
        }
      }
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void start() {
    running = true;
    listener = new Thread(this::listen, "typing-listener");
    listener.setDaemon(true);
    listener.start();
  }

  @Override
  public void stop() {
    running = false;
    if (listener != null) {
      try {
        listener.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
