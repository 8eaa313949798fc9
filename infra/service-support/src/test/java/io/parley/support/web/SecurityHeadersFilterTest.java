package io.parley.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The API docs get their own style rule; every other page keeps the strict policy (0086, 0130). */
class SecurityHeadersFilterTest {
  private final SecurityHeadersFilter filter =
      new SecurityHeadersFilter(SecurityHeadersFilter.DEFAULT_POLICY);

  @Test
  void swaggerUiMayApplyInlineStylesButNeverInlineScript() throws Exception {
    for (String path : new String[] {"/swagger-ui/index.html", "/swagger-ui.html"}) {
      String policy = policyOf(path);
      assertThat(policy)
          .as(path)
          .contains("style-src 'self' 'unsafe-inline';")
          .contains("script-src 'self' 'wasm-unsafe-eval';")
          .contains("frame-ancestors 'none'")
          .doesNotContain("'unsafe-eval'");
    }
  }

  @Test
  void everyOtherPathKeepsTheStrictPolicy() throws Exception {
    for (String path :
        new String[] {"/", "/api/users", "/c/swagger-ui", "/swagger-uix", "/v3/api-docsx"}) {
      assertThat(policyOf(path)).as(path).isEqualTo(SecurityHeadersFilter.DEFAULT_POLICY);
    }
  }

  @Test
  void theApiDocsAreExplicitlyPublicAndOutsideTheTokenCheckedApi() {
    for (String path :
        new String[] {
          "/v3/api-docs",
          "/v3/api-docs/swagger-config",
          "/swagger-ui.html",
          "/swagger-ui/index.html"
        }) {
      assertThat(PublicRoutes.isApiDocs(path)).as(path).isTrue();
      assertThat(PublicRoutes.isApi(path)).as(path).isFalse();
    }
    assertThat(PublicRoutes.isApiDocs("/api/v3/api-docs")).isFalse();
    assertThat(PublicRoutes.isApiDocs("/swagger-uix")).isFalse();
  }

  private String policyOf(String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setServletPath(path);
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response.getHeader("Content-Security-Policy");
  }
}
