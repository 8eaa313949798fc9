package io.parley.command.account;

import java.util.function.Supplier;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Runs a transaction of the account flows again when a concurrent command on the same Account
 * appended first (two devices logging in at once). The command runs inside our own transaction, so
 * Axon's per-aggregate lock is released before the first commit and the second append meets the
 * event store's unique sequence instead: the whole transaction, table writes included, is repeated
 * against the new state.
 */
final class OnConflict {
  private static final int ATTEMPTS = 5;

  private OnConflict() {}

  static <T> T retry(Supplier<T> transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.get();
      } catch (ConcurrencyException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  static void retry(Runnable transaction) {
    retry(
        () -> {
          transaction.run();
          return null;
        });
  }
}
