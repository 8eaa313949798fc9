package io.parley.support.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns the start-up failures an operator can fix into one short message naming what is wrong and
 * the setting that fixes it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ParleyFailureAnalyzer implements FailureAnalyzer {
  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StoreMisconfiguredException store) {
        return new FailureAnalysis(
            store.store() + ": " + store.getMessage(), store.action(), store);
      }
      if (t instanceof PortInUseException port) {
        return new FailureAnalysis(
            "Port " + port.getPort() + " is already in use.",
            "Stop the process listening on port "
                + port.getPort()
                + ", or choose another port with PARLEY_PORT (server.port).",
            port);
      }
    }
    return null;
  }
}
