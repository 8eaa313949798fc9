package io.parley.support.metrics;

import io.parley.support.admin.ManagementOnlyFilter;
import io.parley.support.admin.ManagementPort;
import io.parley.support.web.ProblemWriter;
import java.util.Locale;

/**
 * The metrics endpoints ({@code /actuator/prometheus}, {@code /actuator/metrics}) are served on the
 * management port only (docs/adr/0120): the public port never shows them, however the path is
 * spelled. With no management port configured there is no scrape endpoint at all.
 */
public final class ScrapeOnManagementPort {
  private ScrapeOnManagementPort() {}

  static ManagementOnlyFilter filter(ManagementPort managementPort, ProblemWriter problems) {
    return new ManagementOnlyFilter(
        managementPort,
        problems,
        ScrapeOnManagementPort::isMetrics,
        "Metrics are served on the management port only.");
  }

  /** Whether {@code routedPath} (decoded, normalised) names a metrics endpoint. */
  static boolean isMetrics(String routedPath) {
    String path = routedPath.toLowerCase(Locale.ROOT);
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.startsWith("/actuator/prometheus") || path.startsWith("/actuator/metrics");
  }
}
