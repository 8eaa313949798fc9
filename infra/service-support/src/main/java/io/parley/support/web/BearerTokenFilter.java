package io.parley.support.web;

import io.parley.support.auth.AccessTokens;
import io.parley.support.auth.InvalidTokenException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Verifies the bearer access token of every {@code /api} request except the few open ones, in this
 * process, with the public key: no call to another service per request. The path is the one the
 * container routes (decoded and normalized), not the raw URI: {@code /%61pi/users} and {@code
 * /api;x=y/users} are API requests too (docs/adr/0085). {@link RequireUserInterceptor} checks again
 * after routing, so a gap here still cannot reach a handler.
 */
public class BearerTokenFilter extends OncePerRequestFilter {
  static final String ATTRIBUTE = BearerTokenFilter.class.getName() + ".user";
  private final AccessTokens tokens;
  private final ProblemWriter problems;

  public BearerTokenFilter(AccessTokens tokens, ProblemWriter problems) {
    this.tokens = tokens;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = PublicRoutes.routedPath(request);
    return !PublicRoutes.isApi(path) || PublicRoutes.isOpenPath(path);
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
