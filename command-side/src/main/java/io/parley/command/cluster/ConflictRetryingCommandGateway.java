package io.parley.command.cluster;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Dispatches a command again when it lost a race for its aggregate to another command-side process
 * (docs/adr/0181). Within one process Axon's per-aggregate lock orders commands; between processes
 * on the JDBC event store {@link AggregateLocks} does, where it is on, and otherwise nothing: two
 * sends into one group through two command sides may append the same sequence number and the later
 * commit fails with a {@link ConcurrencyException}. Nothing of the failed attempt was written (its
 * whole transaction rolled back), so the command runs again against the new state, up to {@link
 * #ATTEMPTS} times. Only a dispatch that owns its transaction is repeated (and locked): inside a
 * caller's transaction (the account flows' {@code OnConflict}) or unit of work the failure goes to
 * the caller, which retries the whole of it.
 */
public class ConflictRetryingCommandGateway extends DefaultCommandGateway {
  static final int ATTEMPTS = 8;

  private final AtomicLong repeats = new AtomicLong();

  public ConflictRetryingCommandGateway(CommandBus commandBus) {
    super(DefaultCommandGateway.builder().commandBus(commandBus));
  }

  @Override
  public <R> R sendAndWait(Object command) {
    return retrying(() -> super.sendAndWait(command));
  }

  @Override
  public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
    return retrying(() -> super.sendAndWait(command, timeout, unit));
  }

  /** Commands dispatched again after losing a race ({@code parley.command.conflict.repeats}). */
  public long repeats() {
    return repeats.get();
  }

  private <R> R retrying(Supplier<R> dispatch) {
    boolean ownsTransaction =
        !TransactionSynchronizationManager.isActualTransactionActive()
            && !CurrentUnitOfWork.isStarted();
    for (int attempt = 1; ; attempt++) {
      if (ownsTransaction) {
        AggregateLocks.markOwnedDispatch();
      }
      try {
        return dispatch.get();
      } catch (RuntimeException e) {
        if (!ownsTransaction || attempt == ATTEMPTS || !lostARace(e)) {
          throw e;
        }
        repeats.incrementAndGet();
      } finally {
        AggregateLocks.clear();
      }
    }
  }

  private static boolean lostARace(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConcurrencyException) {
        return true;
      }
    }
    return false;
  }
}
