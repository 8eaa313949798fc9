package io.parley.support.admin;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.events.common.DomainException;
import io.parley.support.auth.AuthenticatedUser;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class AdminGuardTest {
  private final UUID admin = UUID.randomUUID();
  private final ManagementPort port = new ManagementPort(-1, "127.0.0.1");

  @AfterEach
  void noRequest() {
    RequestContextHolder.resetRequestAttributes();
  }

  @Test
  void refusesToStartWhenAdminsAreNamedByUsername() {
    MockEnvironment environment = new MockEnvironment().withProperty(AdminGuard.USERNAMES, "root");
    assertThatThrownBy(() -> new AdminGuard(environment, port))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PARLEY_ADMIN_USER_IDS");
  }

  @Test
  void refusesToStartOnAnAdminIdThatIsNotAUserId() {
    MockEnvironment environment =
        new MockEnvironment().withProperty(AdminGuard.USER_IDS, "operator");
    assertThatThrownBy(() -> new AdminGuard(environment, port))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UUID");
  }

  @Test
  void anAdminOffTheManagementPortIsNotServed() {
    MockEnvironment environment =
        new MockEnvironment().withProperty(AdminGuard.USER_IDS, admin.toString());
    AdminGuard guard = new AdminGuard(environment, port);
    RequestContextHolder.setRequestAttributes(
        new ServletRequestAttributes(new MockHttpServletRequest()));
    assertThatThrownBy(() -> guard.require(user(admin)))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("management port");
  }

  @Test
  void onTheManagementPortOnlyTheNamedIdsAreAdmins() {
    MockEnvironment environment =
        new MockEnvironment().withProperty(AdminGuard.USER_IDS, " " + admin + " ,");
    ManagementPort listening =
        new ManagementPort(0, "127.0.0.1") {
          @Override
          public boolean serves(jakarta.servlet.http.HttpServletRequest request) {
            return true;
          }
        };
    AdminGuard guard = new AdminGuard(environment, listening);
    RequestContextHolder.setRequestAttributes(
        new ServletRequestAttributes(new MockHttpServletRequest()));
    assertThatCode(() -> guard.require(user(admin))).doesNotThrowAnyException();
    assertThatThrownBy(() -> guard.require(user(UUID.randomUUID())))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("admin role");
  }

  private static AuthenticatedUser user(UUID id) {
    return new AuthenticatedUser(id, UUID.randomUUID(), Instant.now());
  }
}
