package io.parley.query.user;

import io.parley.events.account.UserView;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class Users {
  private final JdbcTemplate jdbc;

  Users(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<UserView> find(UUID userId) {
    return jdbc
        .query(
            "SELECT user_id, username, display_name, created_at FROM directory_user"
                + " WHERE user_id = ?",
            (rs, i) ->
                new UserView(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant()),
            userId)
        .stream()
        .findFirst();
  }
}
