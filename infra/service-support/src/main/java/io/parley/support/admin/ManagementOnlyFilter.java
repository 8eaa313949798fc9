package io.parley.support.admin;

import io.parley.support.web.ProblemWriter;
import io.parley.support.web.PublicRoutes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 404 for routes served on the management port only (the operator API, the metrics
 * endpoints) on any other port, judged on the container's decoded, lower-cased path like the token
 * filter; {@link AdminGuard} checks the port again in every operator handler.
 */
public class ManagementOnlyFilter extends OncePerRequestFilter {
  private final ManagementPort managementPort;
  private final ProblemWriter problems;
  private final Predicate<String> guarded;
  private final String detail;

  /** The operator API ({@code /api/admin/**}). */
  public ManagementOnlyFilter(ManagementPort managementPort, ProblemWriter problems) {
    this(
        managementPort,
        problems,
        path -> path.equals("/api/admin") || path.startsWith("/api/admin/"),
        "The operator API is served on the management port only.");
  }

  /** The routes whose decoded, lower-cased path {@code guarded} accepts. */
  public ManagementOnlyFilter(
      ManagementPort managementPort,
      ProblemWriter problems,
      Predicate<String> guarded,
      String detail) {
    this.managementPort = managementPort;
    this.problems = problems;
    this.guarded = guarded;
    this.detail = detail;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = PublicRoutes.routedPath(request).toLowerCase(Locale.ROOT);
    return !guarded.test(path) || managementPort.serves(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    problems.write(response, HttpStatus.NOT_FOUND, "not-found", detail);
  }
}
