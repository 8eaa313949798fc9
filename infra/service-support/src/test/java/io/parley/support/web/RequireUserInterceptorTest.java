package io.parley.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.events.common.DomainException;
import io.parley.support.auth.AuthenticatedUser;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/** The lock behind the filter: judged on the declared route, whatever the request path was. */
class RequireUserInterceptorTest {
  private final RequireUserInterceptor interceptor = new RequireUserInterceptor();
  private final HandlerMethod handler = handler();

  @Test
  void anApiHandlerReachedWithoutAUserIsRefusedEvenIfThePathDidNotLookLikeTheApi() {
    MockHttpServletRequest request = routed("/%61pi/users", "/api/users");
    assertThatThrownBy(() -> interceptor.preHandle(request, new MockHttpServletResponse(), handler))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("access token");
  }

  @Test
  void anAdminHandlerReachedWithoutAUserIsRefused() {
    MockHttpServletRequest request = routed("/api;x/admin/processors", "/api/admin/processors");
    assertThatThrownBy(() -> interceptor.preHandle(request, new MockHttpServletResponse(), handler))
        .isInstanceOf(DomainException.class);
  }

  @Test
  void theExplicitlyPublicRoutesNeedNoUser() throws Exception {
    for (String open :
        new String[] {
          "/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout"
        }) {
      assertThat(interceptor.preHandle(routed(open, open), new MockHttpServletResponse(), handler))
          .isTrue();
    }
  }

  @Test
  void anApiHandlerWithAVerifiedUserProceeds() throws Exception {
    MockHttpServletRequest request = routed("/api/users", "/api/users");
    request.setAttribute(
        BearerTokenFilter.ATTRIBUTE,
        new AuthenticatedUser(UUID.randomUUID(), UUID.randomUUID(), Instant.now()));
    assertThat(interceptor.preHandle(request, new MockHttpServletResponse(), handler)).isTrue();
  }

  @Test
  void handlersOutsideTheApiAreNotItsConcern() throws Exception {
    assertThat(
            interceptor.preHandle(
                routed("/c/abc", "/{first}/{second}"), new MockHttpServletResponse(), handler))
        .isTrue();
  }

  private static MockHttpServletRequest routed(String uri, String pattern) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
    return request;
  }

  private static HandlerMethod handler() {
    try {
      return new HandlerMethod(new Object(), Object.class.getMethod("toString"));
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
