package io.parley.support.admin;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AuthenticatedUser;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who may use the operator API: the accounts named by {@code PARLEY_ADMIN_USERNAMES}
 * (case-insensitive) or {@code PARLEY_ADMIN_USER_IDS}, both comma-separated. Usernames are resolved
 * where the service has a user directory; a service without one accepts ids only.
 */
@Component
public class AdminGuard {
  /** Resolves a user id to its username, where the service knows users. */
  public interface UsernameLookup {
    Optional<String> usernameOf(UUID userId);
  }

  private final Set<UUID> adminIds;
  private final Set<String> adminUsernames;
  private final ObjectProvider<UsernameLookup> usernames;

  public AdminGuard(
      @Value("${parley.admin.user-ids:}") String userIds,
      @Value("${parley.admin.usernames:}") String usernames,
      ObjectProvider<UsernameLookup> lookup) {
    this.adminIds = split(userIds).stream().map(UUID::fromString).collect(Collectors.toSet());
    this.adminUsernames =
        split(usernames).stream()
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    this.usernames = lookup;
  }

  public void require(AuthenticatedUser user) {
    if (adminIds.contains(user.userId())) {
      return;
    }
    UsernameLookup lookup = usernames.getIfAvailable();
    boolean byName =
        lookup != null
            && !adminUsernames.isEmpty()
            && lookup
                .usernameOf(user.userId())
                .map(name -> adminUsernames.contains(name.toLowerCase(Locale.ROOT)))
                .orElse(false);
    if (!byName) {
      throw new DomainException(ErrorCode.FORBIDDEN, "This needs the admin role.");
    }
  }

  private static Set<String> split(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
