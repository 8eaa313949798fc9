package io.parley.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The browser-facing safety headers on every response (docs/adr/0086): a Content-Security-Policy
 * that allows only this origin's own script files (no inline script, no eval), no framing, no MIME
 * sniffing, no referrer leaving the app. Set before the chain runs, so error responses carry them
 * too.
 */
public class SecurityHeadersFilter extends OncePerRequestFilter {
  /**
   * The default policy; the built client loads one module script and one stylesheet from /assets.
   */
  public static final String DEFAULT_POLICY =
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  private final String policy;
  private final String apiDocsPolicy;

  public SecurityHeadersFilter(String policy) {
    this.policy = policy;
    this.apiDocsPolicy = apiDocsPolicy(policy);
  }

  /**
   * Swagger UI (docs/adr/0130) injects one inline stylesheet; its pages alone may apply inline
   * styles. Scripts stay this origin's files only, and the pages show no user content.
   */
  static String apiDocsPolicy(String policy) {
    return policy.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!policy.isBlank()) {
      boolean apiDocs = PublicRoutes.isApiDocs(PublicRoutes.routedPath(request));
      response.setHeader("Content-Security-Policy", apiDocs ? apiDocsPolicy : policy);
    }
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    chain.doFilter(request, response);
  }
}
