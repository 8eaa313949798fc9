package io.parley.command.message;

/**
 * Thrown by a lookup handler when a concurrent identical command already made the change: the
 * duplicate event is rolled back and the caller answers as if it had applied (idempotency).
 */
final class NothingChanged extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NothingChanged(String what) {
    super(what, null, false, false);
  }
}
