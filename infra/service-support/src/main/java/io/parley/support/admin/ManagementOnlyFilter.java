package io.parley.support.admin;

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
 * Answers 404 for the operator API on any port but the management port, judged on the container's
 * decoded path like the token filter; {@link AdminGuard} checks the port again in every handler.
 */
public class ManagementOnlyFilter extends OncePerRequestFilter {
  private final ManagementPort managementPort;
  private final ProblemWriter problems;

  public ManagementOnlyFilter(ManagementPort managementPort, ProblemWriter problems) {
    this.managementPort = managementPort;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = PublicRoutes.routedPath(request).toLowerCase(Locale.ROOT);
    return !(path.equals("/api/admin") || path.startsWith("/api/admin/"))
        || managementPort.serves(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    problems.write(
        response,
        HttpStatus.NOT_FOUND,
        "not-found",
        "The operator API is served on the management port only.");
  }
}
