package io.parley.support.axon;

import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * When a command's event append may commit its transaction in the same round trip (docs/adr/0228).
 *
 * <p>A command dispatched where no transaction and no unit of work is active begins a transaction
 * of its own when the command bus handles it on the same thread. Its event is appended while its
 * unit of work prepares to commit, and nothing writes after that before the commit. So the append's
 * statement may end with the commit, and the commit that follows finds nothing left to send. A
 * command sent from within a transaction (a {@code @Transactional} service, an event handler) or
 * from another command's handler is appended as before: its transaction goes on after the append.
 */
final class CommandTransactions {
  private static final ThreadLocal<Boolean> OWN = new ThreadLocal<>();

  private CommandTransactions() {}

  /** Runs a dispatch from this thread, noting whether its command begins its own transaction. */
  static <T> T dispatch(Supplier<T> send) {
    Boolean outer = OWN.get();
    OWN.set(
        !TransactionSynchronizationManager.isActualTransactionActive()
            && !CurrentUnitOfWork.isStarted());
    try {
      return send.get();
    } finally {
      if (outer == null) {
        OWN.remove();
      } else {
        OWN.set(outer);
      }
    }
  }

  /**
   * True while the root unit of work of a command dispatched so prepares its commit, in its
   * transaction: an append now is the transaction's last statement.
   */
  static boolean appendEndsTheTransaction() {
    if (!Boolean.TRUE.equals(OWN.get())
        || !CurrentUnitOfWork.isStarted()
        || !TransactionSynchronizationManager.isActualTransactionActive()) {
      return false;
    }
    UnitOfWork<?> unit = CurrentUnitOfWork.get();
    return unit.isRoot()
        && unit.phase() == UnitOfWork.Phase.PREPARE_COMMIT
        && unit.getMessage() instanceof CommandMessage;
  }
}
