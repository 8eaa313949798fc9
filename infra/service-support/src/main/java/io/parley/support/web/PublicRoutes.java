package io.parley.support.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;

/**
 * The only {@code /api} routes open without an access token (docs/adr/0085). Everything else under
 * {@code /api}, however its path is spelled, needs an authenticated user.
 */
public final class PublicRoutes {
  private static final Set<String> OPEN =
      Set.of("/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout");

  /**
   * The API's own description, open to anyone without a token (docs/adr/0130): the contract at
   * {@code /v3/api-docs} and Swagger UI. Outside {@code /api}, so no token is asked for; listed
   * here so that stays a decision, and so the headers filter can give Swagger UI its policy.
   */
  private static final Set<String> DOCS_PREFIXES = Set.of("/v3/api-docs", "/swagger-ui");

  private PublicRoutes() {}

  /** Whether the routed path is the OpenAPI document or Swagger UI (exact letter case). */
  public static boolean isApiDocs(String routedPath) {
    if (routedPath.equals("/swagger-ui.html")) {
      return true;
    }
    return DOCS_PREFIXES.stream()
        .anyMatch(prefix -> routedPath.equals(prefix) || routedPath.startsWith(prefix + "/"));
  }

  /** Whether a declared route pattern (e.g. {@code /api/users/{userId}}) is open. */
  public static boolean isOpenPattern(String pattern) {
    return OPEN.contains(pattern);
  }

  /**
   * The path the container routes: percent-decoded, {@code ;parameters} removed, dot segments and
   * repeated slashes resolved. Never the raw request URI, which a client may spell in many ways.
   */
  public static String routedPath(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
    return servletPath + pathInfo;
  }

  /** Whether the routed path is under {@code /api}, in any letter case. */
  public static boolean isApi(String routedPath) {
    String path = routedPath.toLowerCase(Locale.ROOT);
    return path.equals("/api") || path.startsWith("/api/");
  }

  static boolean isOpenPath(String routedPath) {
    return OPEN.contains(routedPath);
  }
}
