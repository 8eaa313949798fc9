package io.parley.support.admin;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AuthenticatedUser;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who may use the operator API: the accounts named by {@code parley.admin.user-ids} ({@code
 * PARLEY_ADMIN_USER_IDS}, comma-separated user ids; see {@code GET /api/me}).
 */
@Component
public class AdminGuard {
  private final Set<UUID> admins;

  public AdminGuard(@Value("${parley.admin.user-ids:}") String userIds) {
    this.admins =
        java.util.Arrays.stream(userIds.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(UUID::fromString)
            .collect(Collectors.toUnmodifiableSet());
  }

  public void require(AuthenticatedUser user) {
    if (!admins.contains(user.userId())) {
      throw new DomainException(ErrorCode.FORBIDDEN, "This needs the admin role.");
    }
  }
}
