package io.parley.support.web;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The second lock: after routing, every handler declared under {@code /api} refuses a request
 * without a verified user unless its route is one of the {@link PublicRoutes}. It judges the route
 * the handler was declared with, so no spelling of the request path can change the answer, and a
 * handler that never asks for the current user is covered too.
 */
class RequireUserInterceptor implements HandlerInterceptor {
  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod)) {
      return true;
    }
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String route = pattern == null ? PublicRoutes.routedPath(request) : pattern.toString();
    if (!PublicRoutes.isApi(route) || PublicRoutes.isOpenPattern(route)) {
      return true;
    }
    if (request.getAttribute(BearerTokenFilter.ATTRIBUTE) == null) {
      throw new DomainException(ErrorCode.UNAUTHENTICATED, "A bearer access token is required.");
    }
    return true;
  }
}
