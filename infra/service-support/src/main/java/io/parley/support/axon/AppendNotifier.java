package io.parley.support.axon;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Tells the other processes that this one appended events: after each local commit the store calls
 * {@link #appended()}, and one thread sends {@code NOTIFY parley_events} on a connection of its own
 * (docs/adr/0115). Appends that commit while a notification is on its way are covered by the next
 * one, so a burst costs a few notifications, not one per append. Never inside the appending
 * transaction: Postgres serializes the commits of all transactions that NOTIFY.
 *
 * <p>Notifications are spaced by at least {@code spacing} (docs/adr/0230): one after a quiet moment
 * goes at once; appends sooner than that after the last one wait out the rest of it and share the
 * next. Each notification is a Postgres transaction of its own, and the listeners space their wakes
 * by more than this anyway (docs/adr/0192).
 */
public class AppendNotifier implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(AppendNotifier.class);

  private final AppendNotifications.Connections connections;
  private final Duration reconnectDelay;
  private final long spacingNanos;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile boolean running;
  private volatile Thread thread;

  public AppendNotifier(
      AppendNotifications.Connections connections, Duration reconnectDelay, Duration spacing) {
    this.connections = connections;
    this.reconnectDelay = reconnectDelay;
    this.spacingNanos = spacing.toNanos();
  }

  /** Notifications sent so far (for tests and diagnostics). */
  public long sent() {
    return sent.get();
  }

  /** Events were committed: notify the listeners soon. */
  public void appended() {
    pending.set(true);
    Thread notifier = thread;
    if (notifier != null) {
      LockSupport.unpark(notifier);
    }
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    Thread notifier = new Thread(this::notifyLoop, "parley-append-notifier");
    notifier.setDaemon(true);
    thread = notifier;
    notifier.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread notifier = thread;
    if (notifier != null) {
      LockSupport.unpark(notifier);
      try {
        notifier.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MIN_VALUE + 1000;
  }

  private void notifyLoop() {
    boolean warned = false;
    while (running) {
      try (Connection connection = connections.open();
          Statement statement = connection.createStatement()) {
        connection.setAutoCommit(true);
        if (warned) {
          log.info("Notifying appended events again");
          warned = false;
        }
        long lastSent = System.nanoTime() - spacingNanos;
        while (running) {
          if (!pending.get()) {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            continue;
          }
          long early = lastSent + spacingNanos - System.nanoTime();
          if (early > 0) {
            // what commits meanwhile shares the next notification
            LockSupport.parkNanos(early);
            continue;
          }
          pending.set(false);
          statement.execute("SELECT pg_notify('" + AppendNotifications.CHANNEL + "', '')");
          lastSent = System.nanoTime();
          sent.incrementAndGet();
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        pending.set(true);
        if (!warned) {
          log.warn(
              "Cannot notify appended events ({}); other processes poll until reconnected",
              e.toString());
          warned = true;
        }
        LockSupport.parkNanos(reconnectDelay.toNanos());
      }
    }
  }
}
