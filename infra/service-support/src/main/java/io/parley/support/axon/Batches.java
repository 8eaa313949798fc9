package io.parley.support.axon;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * What a projection handler needs to make its writes per batch instead of per event
 * (docs/adr/0062): whether the event being handled may leave its writes to the end of its batch,
 * and a per-batch resource (pending writes) that is finished once, just before the batch commits. A
 * failure while finishing fails the whole batch: its token does not move and the batch is retried,
 * its events then one by one ({@link EventIsolation}).
 */
public final class Batches {
  private static final ThreadLocal<Boolean> DEFERRABLE = new ThreadLocal<>();

  private Batches() {}

  /**
   * True while an event is handled inside a processor's batch, not isolated: its writes may be
   * issued now and waited for at the end of the batch. False outside a batch (a dead letter being
   * retried, a direct call) and for an event isolated after its batch failed: it must apply, or
   * fail, before its handler returns, so one failing event can be parked alone.
   */
  public static boolean deferrable() {
    return Boolean.TRUE.equals(DEFERRABLE.get());
  }

  /**
   * The current batch's instance of {@code key}, created on first use; {@code finish} runs on it
   * once, in the batch's prepare-commit phase (inside its transaction, before the token is
   * committed). Only call while {@link #deferrable()}.
   */
  public static <T> T resource(String key, Supplier<T> create, Consumer<T> finish) {
    UnitOfWork<?> batch = CurrentUnitOfWork.get();
    return batch.getOrComputeResource(
        key,
        k -> {
          T resource = create.get();
          batch.onPrepareCommit(u -> finish.accept(resource));
          return resource;
        });
  }

  static Boolean setDeferrable(Boolean deferrable) {
    Boolean previous = DEFERRABLE.get();
    if (deferrable == null) {
      DEFERRABLE.remove();
    } else {
      DEFERRABLE.set(deferrable);
    }
    return previous;
  }
}
