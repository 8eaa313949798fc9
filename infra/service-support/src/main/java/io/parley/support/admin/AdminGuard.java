package io.parley.support.admin;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AuthenticatedUser;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who may use the operator API (docs/adr/0087): the user ids in {@code PARLEY_ADMIN_USER_IDS}
 * (comma-separated), and only through the management port. Ids, not usernames: a name an operator
 * configured before registering it could be registered by anyone. The ids are read on each call, so
 * an added property source (a refreshed config, a test) takes effect without a restart.
 */
public class AdminGuard {
  static final String USER_IDS = "parley.admin.user-ids";
  static final String USERNAMES = "parley.admin.usernames";

  private final Environment environment;
  private final ManagementPort managementPort;

  public AdminGuard(Environment environment, ManagementPort managementPort) {
    if (!environment.getProperty(USERNAMES, "").isBlank()) {
      throw new IllegalStateException(
          "PARLEY_ADMIN_USERNAMES is no longer supported: name admins by user id in"
              + " PARLEY_ADMIN_USER_IDS (an account's id is the userId of GET /api/me, or"
              + " `infra/parley whoami`). See docs/adr/0087.");
    }
    this.environment = environment;
    this.managementPort = managementPort;
    adminIds(); // a malformed id fails the start, not the first admin call
  }

  public void require(AuthenticatedUser user) {
    if (!onManagementPort()) {
      throw new DomainException(
          ErrorCode.NOT_FOUND, "The operator API is served on the management port only.");
    }
    if (!adminIds().contains(user.userId())) {
      throw new DomainException(ErrorCode.FORBIDDEN, "This needs the admin role.");
    }
  }

  private boolean onManagementPort() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
      return managementPort.serves(request.getRequest());
    }
    return false;
  }

  private Set<UUID> adminIds() {
    try {
      return Arrays.stream(environment.getProperty(USER_IDS, "").split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .map(UUID::fromString)
          .collect(Collectors.toUnmodifiableSet());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "PARLEY_ADMIN_USER_IDS must be comma-separated user ids (UUIDs): " + e.getMessage(), e);
    }
  }
}
