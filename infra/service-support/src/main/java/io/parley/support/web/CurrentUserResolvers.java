package io.parley.support.web;

import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerInterceptor;

public final class CurrentUserResolvers {
  private CurrentUserResolvers() {}

  public static HandlerMethodArgumentResolver currentUser() {
    return new CurrentUserArgumentResolver();
  }

  /**
   * Refuses, after routing, any non-public {@code /api} handler a request reaches without a user.
   */
  public static HandlerInterceptor requireUser() {
    return new RequireUserInterceptor();
  }
}
