package io.parley.command.message;

/** Finds the reason a command failed, whether the bus handed it over bare or wrapped. */
final class Outcomes {
  private Outcomes() {}

  static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command whose repetition changes nothing; a concurrent twin having won is success. */
  static void idempotently(Runnable command) {
    try {
      command.run();
    } catch (RuntimeException e) {
      if (!causedBy(e, NothingChanged.class)) {
        throw e;
      }
    }
  }
}
