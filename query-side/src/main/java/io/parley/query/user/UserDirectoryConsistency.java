package io.parley.query.user;

import static io.parley.support.admin.RowComparison.micros;

import io.parley.events.account.AccountDeletedEvent;
import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.support.admin.LogFold;
import io.parley.support.admin.ReadModelVerifier;
import io.parley.support.admin.RowComparison;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks {@code directory_user} against the log, folded on its own (not through the projection):
 * username, display name and creation time of every user. The display name comes from the latest
 * change by its own time, not the last one in the log, since an older change never overwrites a
 * newer one. Presence is not checked: it no longer comes from the log (docs/adr/0097).
 */
@Component
class UserDirectoryConsistency implements ReadModelVerifier {
  private static final class User {
    private final String username;
    private final Instant createdAt;
    private String displayName;
    private Instant displayNameChangedAt;
    private UUID avatarId;
    private boolean deleted;

    private User(String username, String displayName, Instant createdAt) {
      this.username = username;
      this.displayName = displayName;
      this.createdAt = createdAt;
    }

    private String line() {
      return RowComparison.line(username, displayName, createdAt, avatarId);
    }
  }

  private final LogFold log;
  private final JdbcTemplate jdbc;

  UserDirectoryConsistency(LogFold log, JdbcTemplate jdbc) {
    this.log = log;
    this.jdbc = jdbc;
  }

  @Override
  public String processor() {
    return UserDirectoryProjection.GROUP;
  }

  @Override
  public Report verify() {
    Map<UUID, User> users = new HashMap<>();
    LogFold.Folded folded = log.fold(processor(), event -> apply(users, event.getPayload()));
    SortedMap<String, String> actual = new TreeMap<>();
    jdbc.query(
        "SELECT user_id, username, display_name, created_at, avatar_id FROM directory_user",
        row -> {
          actual.put(
              row.getString("user_id"),
              RowComparison.line(
                  row.getString("username"),
                  row.getString("display_name"),
                  RowComparison.instant(row, "created_at"),
                  row.getString("avatar_id")));
        });
    SortedMap<String, String> expected = new TreeMap<>();
    users.forEach((id, user) -> expected.put(id.toString(), user.line()));
    return new RowComparison(processor())
        .table("directory_user", expected, actual, folded.settled())
        .report();
  }

  private static void apply(Map<UUID, User> users, Object payload) {
    if (payload instanceof AccountRegisteredEvent e) {
      users.putIfAbsent(
          e.userId(), new User(e.username(), e.displayName(), micros(e.registeredAt())));
    } else if (payload instanceof AvatarChangedEvent e) {
      User user = users.get(e.userId());
      if (user != null) {
        user.avatarId = e.avatar() == null ? null : e.avatar().attachmentId();
      }
    } else if (payload instanceof AccountDeletedEvent e) {
      User user = users.get(e.userId());
      if (user != null) {
        user.deleted = true;
        user.displayName = UserDirectoryProjection.DELETED_NAME;
        user.avatarId = null;
      }
    } else if (payload instanceof DisplayNameChangedEvent e) {
      User user = users.get(e.userId());
      Instant changedAt = micros(e.changedAt());
      if (user != null && !user.deleted && notAfter(user.displayNameChangedAt, changedAt)) {
        user.displayName = e.displayName();
        user.displayNameChangedAt = changedAt;
      }
    }
  }

  /** Whether a change at {@code next} replaces one shown since {@code shown} (null: none yet). */
  private static boolean notAfter(Instant shown, Instant next) {
    return shown == null || !shown.isAfter(next);
  }
}
