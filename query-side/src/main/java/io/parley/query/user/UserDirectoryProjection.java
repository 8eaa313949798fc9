package io.parley.query.user;

import io.parley.events.account.AccountRegisteredEvent;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Users in the Postgres directory. Idempotent: a replayed event changes nothing. */
@Component
@ProcessingGroup(UserDirectoryProjection.GROUP)
class UserDirectoryProjection {
  static final String GROUP = "user-directory";

  private final JdbcTemplate jdbc;

  UserDirectoryProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
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

  @ResetHandler
  void reset() {
    jdbc.update("TRUNCATE directory_user");
  }
}
