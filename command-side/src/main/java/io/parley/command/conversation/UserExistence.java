package io.parley.command.conversation;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Whether a user id names a registered account, from the command side's own table. */
@Component
class UserExistence {
  private final JdbcTemplate jdbc;

  UserExistence(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  boolean exists(UUID userId) {
    Boolean exists =
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM account_credentials WHERE user_id = ?"
                + " AND deleted_at IS NULL)",
            Boolean.class,
            userId);
    return Boolean.TRUE.equals(exists);
  }
}
