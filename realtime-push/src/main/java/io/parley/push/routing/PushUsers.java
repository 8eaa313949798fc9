package io.parley.push.routing;

import io.parley.events.account.UserView;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The users as {@code ready} and {@code user.updated} describe them. */
@Repository
public class PushUsers {
  private final JdbcTemplate jdbc;

  PushUsers(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void registered(
      UUID userId, String username, String displayName, Instant createdAt, long version) {
    jdbc.update(
        "INSERT INTO push_user (user_id, username, display_name, created_at, version)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET username ="
            + " EXCLUDED.username, display_name = EXCLUDED.display_name,"
            + " created_at = EXCLUDED.created_at WHERE push_user.version <= EXCLUDED.version",
        userId,
        username,
        displayName,
        Timestamp.from(createdAt),
        version);
  }

  /** The display name a deleted account is shown with (docs/adr/0162). */
  static final String DELETED_USER = "Deleted user";

  void renamed(UUID userId, String displayName, long version) {
    jdbc.update(
        "UPDATE push_user SET display_name = ?, version = ? WHERE user_id = ? AND version <= ?",
        displayName,
        version,
        userId,
        version);
  }

  void avatarChanged(UUID userId, UUID avatarId, long version) {
    jdbc.update(
        "UPDATE push_user SET avatar_id = ?, version = ? WHERE user_id = ? AND version <= ?",
        avatarId,
        version,
        userId,
        version);
  }

  /** The user's public view; just the id while this service has not seen the registration. */
  public Object view(UUID userId) {
    UserView found = find(userId);
    return found == null ? Map.of("userId", userId) : found;
  }

  /** The user's public view, or null while this service has not seen the registration. */
  UserView find(UUID userId) {
    List<UserView> found =
        jdbc.query(
            "SELECT * FROM push_user WHERE user_id = ?",
            (row, n) ->
                new UserView(
                    row.getObject("user_id", UUID.class),
                    row.getString("username"),
                    row.getString("display_name"),
                    row.getTimestamp("created_at").toInstant(),
                    row.getObject("avatar_id", UUID.class)),
            userId);
    return found.isEmpty() ? null : found.get(0);
  }

  void clear() {
    jdbc.update("TRUNCATE push_user");
  }
}
