package io.parley.query.message;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.parley.support.axon.Batches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * CQL writes of one projection, per batch (docs/adr/0062): inside a processor's batch they are sent
 * at once and waited for together when the batch is about to commit, so hundreds are in flight
 * instead of one per worker; a write that fails fails the batch, which is then retried with its
 * events isolated. Outside a batch, or for an isolated event, each write completes before the
 * handler returns. A semaphore bounds the writes in flight across all workers, below what the
 * driver queues on one connection.
 */
final class CqlBatchWrites {
  private final CqlSession session;
  private final Semaphore inFlight;
  private final String resourceKey;

  CqlBatchWrites(CqlSession session, int maxInFlight, String name) {
    this.session = session;
    this.inFlight = new Semaphore(maxInFlight);
    this.resourceKey = "parley.cql-writes/" + name;
  }

  /** The node warns about batches above 5 KiB. */
  static final int MAX_BATCH_BYTES = 4 * 1024;

  private record Ranked(long rank, BoundStatement statement) {}

  private static final class PartitionBatch {
    final List<BatchableStatement<?>> statements = new ArrayList<>();
    int bytes;
  }

  /** The pending writes of the current batch. */
  final class Pending {
    private final List<CompletableFuture<?>> writes = new ArrayList<>();
    private final Map<Object, CompletableFuture<?>> chains = new HashMap<>();
    private final Map<Object, Ranked> highest = new HashMap<>();
    private final Map<Object, PartitionBatch> partitions = new HashMap<>();

    /**
     * A write to the partition {@code partition}, sent with the batch's other writes to that
     * partition as one unlogged batch (one mutation for the node instead of one per row), at most
     * about {@link #MAX_BATCH_BYTES} at a time, below the node's batch size warning.
     */
    void toPartition(Object partition, BoundStatement statement, int bytes) {
      PartitionBatch batch = partitions.computeIfAbsent(partition, p -> new PartitionBatch());
      if (!batch.statements.isEmpty() && batch.bytes + bytes > MAX_BATCH_BYTES) {
        send(batch);
        batch = new PartitionBatch();
        partitions.put(partition, batch);
      }
      batch.statements.add(statement);
      batch.bytes += bytes;
    }

    private void send(PartitionBatch batch) {
      Statement<?> statement =
          batch.statements.size() == 1
              ? batch.statements.get(0)
              : BatchStatement.newInstance(DefaultBatchType.UNLOGGED, batch.statements);
      writes.add(start(() -> session.executeAsync(statement)));
    }

    /**
     * A step that starts once the previous step with the same key has completed (e.g. a write that
     * a later read of the same rows must see).
     */
    void after(Object key, Supplier<CompletionStage<?>> step) {
      CompletableFuture<?> previous = chains.get(key);
      CompletableFuture<?> next =
          previous == null ? start(step) : start(() -> previous.thenCompose(done -> step.get()));
      chains.put(key, next);
      writes.add(next);
    }

    /**
     * Of all statements given for {@code key} in this batch, only the one of the highest rank is
     * sent, at the end: for writes that one makes redundant (a head moving forward).
     */
    void highestOnly(Object key, long rank, BoundStatement statement) {
      Ranked current = highest.get(key);
      if (current == null || current.rank() < rank) {
        highest.put(key, new Ranked(rank, statement));
      }
    }

    private void finish() {
      partitions.values().forEach(this::send);
      for (Ranked ranked : highest.values()) {
        writes.add(start(() -> session.executeAsync(ranked.statement())));
      }
      for (CompletableFuture<?> write : writes) {
        try {
          write.join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
      }
    }
  }

  /** The current batch's pending writes, or null when writes must complete now. */
  Pending pending() {
    return Batches.deferrable()
        ? Batches.resource(resourceKey, Pending::new, Pending::finish)
        : null;
  }

  /** To a partition's batch (see {@link Pending#toPartition}), or now outside a batch. */
  void write(Object partition, BoundStatement statement, int bytes) {
    Pending pending = pending();
    if (pending == null) {
      session.execute(statement);
    } else {
      pending.toPartition(partition, statement, bytes);
    }
  }

  /** Sends now, waits at the end of the batch (or now, outside one). */
  void write(BoundStatement statement) {
    Pending pending = pending();
    if (pending == null) {
      session.execute(statement);
    } else {
      pending.writes.add(start(() -> session.executeAsync(statement)));
    }
  }

  CompletionStage<AsyncResultSet> async(BoundStatement statement) {
    return session.executeAsync(statement);
  }

  private CompletableFuture<?> start(Supplier<? extends CompletionStage<?>> request) {
    acquire();
    CompletableFuture<?> future;
    try {
      future = request.get().toCompletableFuture();
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
    future.whenComplete((result, failure) -> inFlight.release());
    return future;
  }

  private void acquire() {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for CQL writes in flight", e);
    }
  }
}
