package io.parley.command.admission;

import java.time.Duration;

/**
 * A send refused before it was attempted because the system is past what it can deliver in time:
 * answered 503 with a {@code Retry-After}. Nothing of the message was written.
 */
public class SendsRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  public SendsRefused(Duration retryAfter, String detail) {
    super(detail, null, false, false);
    this.retryAfter = retryAfter;
  }

  /** The header value: whole seconds rounded up, at least 1. */
  public long retryAfterSeconds() {
    long millis = Math.max(0, retryAfter.toMillis());
    return Math.max(1, (millis + 999) / 1000);
  }
}
