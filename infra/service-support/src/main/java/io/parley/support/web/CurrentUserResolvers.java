package io.parley.support.web;

import org.springframework.web.method.support.HandlerMethodArgumentResolver;

public final class CurrentUserResolvers {
  private CurrentUserResolvers() {}

  public static HandlerMethodArgumentResolver currentUser() {
    return new CurrentUserArgumentResolver();
  }
}
