package io.parley.support.axon;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Listens on Postgres for the notification the append trigger sends (channel {@value #CHANNEL},
 * docs/adr/0115) and wakes this JVM's event store, so a consumer in a process that did not append
 * the events learns of them within milliseconds instead of at its next poll. The listening
 * connection is its own, outside the pool. If it breaks, the store falls back to polling until it
 * is back; after each (re)connect the store is woken once, for anything missed meanwhile.
 *
 * <p>Wakes are spaced by at least {@code wakeSpacing} (docs/adr/0192): a notification after a quiet
 * moment wakes the store at once, while under load the notifications arriving within the spacing
 * join one wake. A wait that nothing joined is not repeated for the next notification
 * (docs/adr/0195): at about one append per spacing, each wait would otherwise start from the last
 * delayed wake, and the delays would pile up to the whole spacing. Each wake costs every process a
 * fetch from the log, an empty fetch after it, and a transaction and token write per processor; one
 * wake per notification made those per-event costs of every process in the multi-process
 * deployment.
 */
public class AppendNotifications implements SmartLifecycle {
  public static final String CHANNEL = "parley_events";

  /** Opens a new connection to the event store's database. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  private static final Logger log = LoggerFactory.getLogger(AppendNotifications.class);
  private static final int WAIT_MILLIS = 500;

  private final Connections connections;
  private final Runnable wake;
  private final Duration reconnectDelay;
  private final long wakeSpacingNanos;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong wakes = new AtomicLong();
  private volatile boolean running;
  private volatile Thread thread;
  private volatile Connection connection;

  public AppendNotifications(
      Connections connections, Runnable wake, Duration reconnectDelay, Duration wakeSpacing) {
    this.connections = connections;
    this.wake = wake;
    this.reconnectDelay = reconnectDelay;
    this.wakeSpacingNanos = wakeSpacing.toNanos();
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    Thread listener = new Thread(this::listen, "parley-append-listener");
    listener.setDaemon(true);
    thread = listener;
    listener.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread listener = thread;
    closeQuietly(connection);
    if (listener != null) {
      listener.interrupt();
      try {
        listener.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the event processors start, after them stop: a processor never misses a wake-up. */
  @Override
  public int getPhase() {
    return Integer.MIN_VALUE + 1000;
  }

  /** Notifications received so far (for tests and diagnostics). */
  public long received() {
    return received.get();
  }

  /** Times a notification woke the store so far (for tests and diagnostics). */
  public long wakes() {
    return wakes.get();
  }

  private void listen() {
    boolean warned = false;
    while (running) {
      try (Connection listening = connections.open()) {
        connection = listening;
        try (Statement statement = listening.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        if (warned) {
          log.info("Listening for appended events again");
          warned = false;
        }
        wake.run();
        PGConnection pg = listening.unwrap(PGConnection.class);
        long lastWake = System.nanoTime() - wakeSpacingNanos;
        boolean waitedInVain = false;
        while (running) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications != null && notifications.length > 0) {
            received.addAndGet(notifications.length);
            long early = lastWake + wakeSpacingNanos - System.nanoTime();
            if (early > 0 && !waitedInVain) {
              // under load: what arrives meanwhile joins this wake
              LockSupport.parkNanos(early);
              PGNotification[] meanwhile = pg.getNotifications();
              int joined = meanwhile == null ? 0 : meanwhile.length;
              received.addAndGet(joined);
              // Nothing joined: appends come about one spacing apart, and waiting again would
              // add each one's lateness to the next (ADR 0195): the next one wakes at once.
              waitedInVain = notifications.length + joined == 1;
            } else {
              waitedInVain = false;
            }
            lastWake = System.nanoTime();
            wakes.incrementAndGet();
            wake.run();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        if (!warned) {
          log.warn(
              "Not listening for appended events ({}); consumers poll until reconnected",
              e.toString());
          warned = true;
        }
        pause();
      } finally {
        connection = null;
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(reconnectDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing to stop; nothing to do
      }
    }
  }
}
