package io.parley.query.user;

import io.parley.events.account.AccountDeletedEvent;
import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.account.UserPresenceChangedEvent;
import io.parley.query.rebuild.ReadModelRebuilds;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Users in the Postgres directory: their profile. Presence is no longer in the log; {@link
 * PresenceListener} keeps it from the push service's announcements, and an old log's {@link
 * UserPresenceChangedEvent} goes to the same table by the same rule (docs/adr/0097). Idempotent: a
 * replayed or redelivered event changes nothing, and an older one never overwrites a newer state
 * (each column group keeps the time of the change it shows).
 */
@Component
@ProcessingGroup(UserDirectoryProjection.GROUP)
class UserDirectoryProjection {
  static final String GROUP = "user-directory";
  static final String DELETED_NAME = "Deleted user";

  private final JdbcTemplate jdbc;
  private final ReadModelRebuilds rebuilds;

  UserDirectoryProjection(JdbcTemplate jdbc, ReadModelRebuilds rebuilds) {
    this.jdbc = jdbc;
    this.rebuilds = rebuilds;
  }

  @EventHandler
  void on(AccountRegisteredEvent event) {
    jdbc.update(
        "INSERT INTO directory_user (user_id, username, display_name, created_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
        event.userId(),
        event.username(),
        event.displayName(),
        Timestamp.from(event.registeredAt()));
  }

  @EventHandler
  void on(DisplayNameChangedEvent event) {
    Timestamp changedAt = Timestamp.from(event.changedAt());
    jdbc.update(
        "UPDATE directory_user SET display_name = ?, display_name_changed_at = ?"
            + " WHERE user_id = ? AND deleted_at IS NULL"
            + " AND (display_name_changed_at IS NULL OR display_name_changed_at <= ?)",
        event.displayName(),
        changedAt,
        event.userId(),
        changedAt);
  }

  /** Events of one account arrive in order: the latest change is the current avatar. */
  @EventHandler
  void on(AvatarChangedEvent event) {
    jdbc.update(
        "UPDATE directory_user SET avatar_id = ? WHERE user_id = ?",
        event.avatar() == null ? null : event.avatar().attachmentId(),
        event.userId());
  }

  /** Erases the name and avatar for good: the deletion's time outranks any earlier rename. */
  @EventHandler
  void on(AccountDeletedEvent event) {
    jdbc.update(
        "UPDATE directory_user SET display_name = ?, display_name_changed_at = ?, avatar_id = NULL,"
            + " deleted_at = ? WHERE user_id = ?",
        DELETED_NAME,
        Timestamp.from(event.deletedAt()),
        Timestamp.from(event.deletedAt()),
        event.userId());
  }

  @EventHandler
  void on(UserPresenceChangedEvent event) {
    PresenceListener.record(jdbc, event.userId(), event.online(), event.lastSeenAt());
  }

  /** The live tables keep serving until the rebuilt ones replace them (docs/adr/0100). */
  @ResetHandler
  void reset() {
    rebuilds.begin(GROUP);
  }
}
