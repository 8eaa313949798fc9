package io.parley.support.web;

import java.time.Duration;

/** Too many attempts: answered 429 with a {@code Retry-After} of whole seconds (at least 1). */
public class RateLimitedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public RateLimitedException(Duration retryAfter, String detail) {
    super(detail, null, false, false);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** The header value: whole seconds rounded up, so a client that waits it is never early. */
  public long retryAfterSeconds() {
    long millis = Math.max(0, retryAfter.toMillis());
    return Math.max(1, (millis + 999) / 1000);
  }
}
