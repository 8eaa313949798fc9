package io.parley.support.axon;

import java.util.function.Supplier;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The event storage engine's transactions (docs/adr/0193): its reads outside any transaction run as
 * autocommit statements, its writes and the reads within a command's transaction as before. A read
 * of the log is one SELECT (two when the token has gaps to re-check), each answered from its own
 * snapshot under read committed either way; wrapped in a transaction of its own it cost a BEGIN and
 * a COMMIT round trip besides, and every process fetches after every wake.
 */
final class AutocommitReads implements TransactionManager {
  private final TransactionManager delegate;

  AutocommitReads(TransactionManager delegate) {
    this.delegate = delegate;
  }

  @Override
  public Transaction startTransaction() {
    return delegate.startTransaction();
  }

  @Override
  public <T> T fetchInTransaction(Supplier<T> supplier) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return delegate.fetchInTransaction(supplier);
    }
    return supplier.get();
  }
}
