package io.parley.query.admin;

import io.parley.support.admin.AdminGuard;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Lets the operator API recognise admins by username, from the users directory. */
@Component
class DirectoryUsernames implements AdminGuard.UsernameLookup {
  private final JdbcTemplate jdbc;

  DirectoryUsernames(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<String> usernameOf(UUID userId) {
    return jdbc
        .queryForList("SELECT username FROM directory_user WHERE user_id = ?", String.class, userId)
        .stream()
        .findFirst();
  }
}
