package io.parley.support.metrics;

import io.parley.support.admin.ManagementPort;
import io.parley.support.web.ProblemWriter;
import io.parley.support.web.PublicRoutes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 404 for the metrics endpoints ({@code /actuator/prometheus}, {@code /actuator/metrics})
 * on any port but the management port (docs/adr/0120): the public port never shows them, however
 * the path is spelled. With no management port configured there is no scrape endpoint at all.
 */
public class ScrapeOnManagementPort extends OncePerRequestFilter {
  private final ManagementPort managementPort;
  private final ProblemWriter problems;

  public ScrapeOnManagementPort(ManagementPort managementPort, ProblemWriter problems) {
    this.managementPort = managementPort;
    this.problems = problems;
  }

  /** Whether {@code routedPath} (decoded, normalised) names a metrics endpoint. */
  static boolean isMetrics(String routedPath) {
    String path = routedPath.toLowerCase(Locale.ROOT);
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.startsWith("/actuator/prometheus") || path.startsWith("/actuator/metrics");
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !isMetrics(PublicRoutes.routedPath(request)) || managementPort.serves(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    problems.write(
        response,
        HttpStatus.NOT_FOUND,
        "not-found",
        "Metrics are served on the management port only.");
  }
}
