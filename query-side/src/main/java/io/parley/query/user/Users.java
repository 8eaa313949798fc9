package io.parley.query.user;

import io.parley.events.account.UserView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads users from the directory. */
@Repository
class Users {
  /** What API.md calls {@code presence}. */
  record Presence(String status, Instant lastSeenAt) {}

  @Schema(name = "UserProfile")
  record Profile(UserView user, Presence presence) {}

  private final JdbcTemplate jdbc;

  Users(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<UserView> find(UUID userId) {
    return profile(userId).map(Profile::user);
  }

  Optional<Profile> profile(UUID userId) {
    return jdbc
        .query(
            "SELECT u.user_id, u.username, u.display_name, u.created_at, u.avatar_id,"
                + " coalesce(p.online, false), p.last_seen_at FROM directory_user u"
                + " LEFT JOIN directory_presence p ON p.user_id = u.user_id WHERE u.user_id = ?",
            (rs, i) ->
                new Profile(
                    view(rs),
                    new Presence(
                        rs.getBoolean(6) ? "online" : "offline", instant(rs.getTimestamp(7)))),
            userId)
        .stream()
        .findFirst();
  }

  /** The public view from the first five columns of a directory_user row (avatar_id fifth). */
  static UserView view(ResultSet rs) throws SQLException {
    return new UserView(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        instant(rs.getTimestamp(4)),
        rs.getObject(5, UUID.class));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
