package io.parley.support.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Counts requests refused to protect the system, {@code parley.http.shed{status, reason}}: 429 rate
 * limits (login and registration throttles) and 503 sheds (send admission, lagging read models).
 * Counted where the refusal leaves as a problem response, so each refusal counts once; {@code
 * reason} is the problem type it is answered with.
 */
public class Shedding {
  record Shed(int status, String reason) {}

  /** The refusals there are, shown at 0 from the start so a dashboard needs no first one. */
  static final List<Shed> KNOWN =
      List.of(
          new Shed(429, "rate-limited"),
          new Shed(503, "overloaded"),
          new Shed(503, "read-models-lagging"));

  private final ObjectProvider<MeterRegistry> meters;

  public Shedding(ObjectProvider<MeterRegistry> meters) {
    this.meters = meters;
  }

  @EventListener(ApplicationReadyEvent.class)
  void registerKnown() {
    meters.ifAvailable(registry -> KNOWN.forEach(shed -> counter(registry, shed)));
  }

  public void shed(int status, String reason) {
    meters.ifAvailable(registry -> counter(registry, new Shed(status, reason)).increment());
  }

  private static Counter counter(MeterRegistry registry, Shed shed) {
    return Counter.builder("parley.http.shed")
        .description("Requests refused to protect the system: 429 rate limits, 503 sheds")
        .tag("status", Integer.toString(shed.status()))
        .tag("reason", shed.reason())
        .register(registry);
  }
}
