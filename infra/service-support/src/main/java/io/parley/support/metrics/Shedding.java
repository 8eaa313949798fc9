package io.parley.support.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts requests refused to protect the system, {@code parley.http.shed{status, reason}}: 429 rate
 * limits (login and registration throttles) and 503 sheds (send admission, lagging read models).
 * Counted where the refusal leaves as a problem response, so each refusal counts once.
 */
public class Shedding {
  private final ObjectProvider<MeterRegistry> meters;

  public Shedding(ObjectProvider<MeterRegistry> meters) {
    this.meters = meters;
  }

  /** {@code reason}: the problem type it is answered with, e.g. {@code overloaded}. */
  public void shed(int status, String reason) {
    meters.ifAvailable(
        registry ->
            registry
                .counter("parley.http.shed", "status", Integer.toString(status), "reason", reason)
                .increment());
  }
}
