package io.parley.command.message;

import io.parley.command.admission.SendsRefused;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A node id leased from the {@code node_id_leases} table (docs/adr/0170): the lowest id whose last
 * lease ended more than {@code reuseAfter} ago, held for {@code ttl} and renewed well before that.
 * The database's clock decides expiry, so instances on different machines agree.
 *
 * <p>This instance mints ids only while its own deadline holds: the local monotonic time when the
 * last successful renewal began, plus the ttl. That is never later than the row's expiry, so an id
 * is never minted under a lease another instance could have taken. A renewal that finds the row
 * taken leases a fresh id; until one is held, sends are refused with a 503.
 */
public final class NodeIdLease implements NodeId, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeIdLease.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Duration ttl;
  private final Duration reuseAfter;
  private final String holderName;
  private final LongSupplier nanoTime;
  private final UUID holder = UUID.randomUUID();
  private ScheduledExecutorService renewals;

  private int node = -1;
  private long validUntilNanos;
  private boolean closed;

  NodeIdLease(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Duration ttl,
      Duration reuseAfter,
      String holderName,
      LongSupplier nanoTime) {
    if (ttl.toMillis() < 1000 || reuseAfter.isNegative()) {
      throw new IllegalArgumentException(
          "parley.node-id-lease.ttl must be at least 1s and reuse-after not negative");
    }
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.ttl = ttl;
    this.reuseAfter = reuseAfter;
    this.holderName = holderName;
    this.nanoTime = nanoTime;
  }

  /** Leases an id now (failing start-up when none is free) and renews it every {@code every}. */
  static NodeIdLease start(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Duration ttl,
      Duration reuseAfter,
      Duration every,
      String holderName) {
    if (every.compareTo(ttl) >= 0 || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException(
          "parley.node-id-lease.renew-every must be positive and shorter than the ttl");
    }
    NodeIdLease lease =
        new NodeIdLease(jdbc, transactions, ttl, reuseAfter, holderName, System::nanoTime);
    if (!lease.acquire()) {
      throw new IllegalStateException(
          "No Snowflake node id is free: all 1024 are leased or were released less than "
              + reuseAfter.toSeconds()
              + "s ago. Set parley.node-id explicitly, or wait.");
    }
    lease.renewals =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "node-id-lease");
              thread.setDaemon(true);
              return thread;
            });
    lease.renewals.scheduleWithFixedDelay(
        lease::renewQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return lease;
  }

  @Override
  public synchronized int current() {
    if (node < 0 || nanoTime.getAsLong() - validUntilNanos > 0) {
      throw new SendsRefused(
          Duration.ofSeconds(2), "This server holds no message id range right now; try again.");
    }
    return node;
  }

  /** The id held, or -1: for logs and tests. */
  synchronized int held() {
    return node;
  }

  /**
   * Extends the lease; when another instance took the row (this one was gone past the expiry and
   * the gap), stops using it and leases a fresh id.
   */
  synchronized void renew() {
    if (closed) {
      return;
    }
    if (node >= 0) {
      long started = nanoTime.getAsLong();
      int updated =
          jdbc.update(
              "UPDATE node_id_leases SET expires_at = now() + make_interval(secs => ?)"
                  + " WHERE node_id = ? AND holder = ?",
              seconds(ttl),
              node,
              holder);
      if (updated == 1) {
        validUntilNanos = started + ttl.toNanos();
        return;
      }
      log.warn("Node id {} was leased by another instance; leasing a new one", node);
      node = -1;
    }
    if (!acquire()) {
      log.error("No Snowflake node id is free; sends are refused until one is");
    }
  }

  private void renewQuietly() {
    try {
      renew();
    } catch (RuntimeException e) {
      log.warn("Could not renew the node id lease: {}", e.toString());
    }
  }

  private synchronized boolean acquire() {
    long started = nanoTime.getAsLong();
    Integer leased =
        transactions.execute(
            status -> {
              jdbc.execute("LOCK TABLE node_id_leases IN SHARE ROW EXCLUSIVE MODE");
              Integer free =
                  jdbc.query(
                      "SELECT n FROM generate_series(0, ?) AS n WHERE NOT EXISTS (SELECT 1 FROM"
                          + " node_id_leases l WHERE l.node_id = n AND l.expires_at > now() -"
                          + " make_interval(secs => ?)) ORDER BY n LIMIT 1",
                      rs -> rs.next() ? rs.getInt(1) : null,
                      MessageIds.MAX_NODE,
                      seconds(reuseAfter));
              if (free == null) {
                return null;
              }
              jdbc.update(
                  "INSERT INTO node_id_leases (node_id, holder, holder_name, acquired_at,"
                      + " expires_at) VALUES (?, ?, ?, now(), now() + make_interval(secs => ?))"
                      + " ON CONFLICT (node_id) DO UPDATE SET holder = excluded.holder,"
                      + " holder_name = excluded.holder_name, acquired_at = excluded.acquired_at,"
                      + " expires_at = excluded.expires_at",
                  free,
                  holder,
                  holderName,
                  seconds(ttl));
              return free;
            });
    if (leased == null) {
      return false;
    }
    node = leased;
    validUntilNanos = started + ttl.toNanos();
    log.info("Leased Snowflake node id {} as {}", node, holderName);
    return true;
  }

  /** Stops minting, then ends the lease; the id becomes free after the reuse gap. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (renewals != null) {
      renewals.shutdownNow();
    }
    int released = node;
    node = -1;
    if (released >= 0) {
      try {
        jdbc.update(
            "UPDATE node_id_leases SET expires_at = least(expires_at, now())"
                + " WHERE node_id = ? AND holder = ?",
            released,
            holder);
      } catch (RuntimeException e) {
        log.warn("Could not release node id {}; it expires on its own: {}", released, e.toString());
      }
    }
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
