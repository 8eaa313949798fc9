package io.parley.support.web;

import io.parley.support.auth.AccessTokens;
import io.parley.support.auth.InvalidTokenException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Verifies the bearer access token of every {@code /api/} request except the few open ones, in this
 * process, with the public key: no call to another service per request.
 */
public class BearerTokenFilter extends OncePerRequestFilter {
  static final String ATTRIBUTE = BearerTokenFilter.class.getName() + ".user";
  private static final Set<String> OPEN =
      Set.of("/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout");

  private final AccessTokens tokens;
  private final ProblemWriter problems;

  public BearerTokenFilter(AccessTokens tokens, ProblemWriter problems) {
    this.tokens = tokens;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !path.startsWith("/api/") || OPEN.contains(path);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      unauthorized(response, "A bearer access token is required.");
      return;
    }
    try {
      request.setAttribute(ATTRIBUTE, tokens.verify(header.substring(7).trim()));
    } catch (InvalidTokenException e) {
      unauthorized(response, "The access token is invalid or has expired.");
      return;
    }
    chain.doFilter(request, response);
  }

  private void unauthorized(HttpServletResponse response, String detail) throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer");
    problems.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", detail);
  }
}
