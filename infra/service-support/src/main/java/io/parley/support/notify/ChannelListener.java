package io.parley.support.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that {@code LISTEN}s on Postgres channels and hands each notification's payload to its
 * channel's handler. It reconnects after a lost connection and then calls {@code onListening},
 * since whatever was notified while it was away is gone (ephemeral state, docs/adr/0097).
 */
public final class ChannelListener {
  private static final Logger log = LoggerFactory.getLogger(ChannelListener.class);

  private final DataSource dataSource;
  private final String name;
  private final Map<String, Consumer<String>> handlers;
  private final Runnable onListening;
  private volatile boolean running;
  private Thread thread;

  public ChannelListener(
      DataSource dataSource,
      String name,
      Map<String, Consumer<String>> handlers,
      Runnable onListening) {
    this.dataSource = dataSource;
    this.name = name;
    this.handlers = Map.copyOf(handlers);
    this.onListening = onListening;
  }

  public void start() {
    running = true;
    thread = new Thread(this::listen, name);
    thread.setDaemon(true);
    thread.start();
  }

  public void stop() {
    running = false;
    if (thread != null) {
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    return running;
  }

  private void listen() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          for (String channel : handlers.keySet()) {
            statement.execute("LISTEN " + channel);
          }
        }
        safely(onListening::run);
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(250);
          if (notifications == null) {
            continue;
          }
          for (PGNotification notification : notifications) {
            Consumer<String> handler = handlers.get(notification.getName());
            if (handler != null) {
              safely(() -> handler.accept(notification.getParameter()));
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("{} lost its connection; reconnecting", name, e);
          sleepQuietly();
        }
      }
    }
  }

  private void safely(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      log.warn("{} could not handle a notification", name, e);
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
