package io.parley.query.e2ee;

import io.parley.events.e2ee.DeviceKeyEndedEvent;
import io.parley.events.e2ee.DeviceKeyPublishedEvent;
import io.parley.events.e2ee.DeviceKeyStatus;
import io.parley.events.e2ee.KeyBackupRemovedEvent;
import io.parley.events.e2ee.KeyBackupStoredEvent;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Device keys and backup keys in the Postgres directory (query V70), in the conversation-directory
 * processor: a read of a conversation's keys then waits for one processor, which has both the
 * memberships and the keys, and a rebuild of the directory (its reset handler) replays both into
 * the rebuild schema. Idempotent: the events of one account arrive in order, and replaying one
 * writes the same row again.
 */
@Component
@ProcessingGroup(DeviceKeyDirectoryProjection.GROUP)
class DeviceKeyDirectoryProjection {
  static final String GROUP = "conversation-directory";

  private final JdbcTemplate jdbc;

  DeviceKeyDirectoryProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(DeviceKeyPublishedEvent event) {
    jdbc.update(
        "INSERT INTO directory_device_key (session_id, fingerprint, user_id, device_name,"
            + " public_key, status, created_at, ended_at) VALUES (?, ?, ?, ?, ?, 'active', ?, NULL)"
            + " ON CONFLICT (session_id, fingerprint) DO UPDATE SET user_id = EXCLUDED.user_id,"
            + " device_name = EXCLUDED.device_name, public_key = EXCLUDED.public_key,"
            + " status = 'active', created_at = EXCLUDED.created_at, ended_at = NULL",
        event.sessionId(),
        event.fingerprint(),
        event.userId(),
        event.deviceName(),
        event.publicKey(),
        Timestamp.from(event.publishedAt()));
  }

  @EventHandler
  void on(DeviceKeyEndedEvent event) {
    String status =
        event.status() == DeviceKeyStatus.REPLACED
            ? DeviceKeyStatus.REPLACED.wire()
            : DeviceKeyStatus.REVOKED.wire();
    jdbc.update(
        "UPDATE directory_device_key SET status = ?, ended_at = ?"
            + " WHERE session_id = ? AND fingerprint = ? AND status = 'active'",
        status,
        Timestamp.from(event.endedAt()),
        event.sessionId(),
        event.fingerprint());
  }

  @EventHandler
  void on(KeyBackupStoredEvent event) {
    jdbc.update(
        "INSERT INTO directory_backup_key (user_id, fingerprint, public_key, created_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            + " fingerprint = EXCLUDED.fingerprint, public_key = EXCLUDED.public_key,"
            + " created_at = EXCLUDED.created_at",
        event.userId(),
        event.fingerprint(),
        event.publicKey(),
        Timestamp.from(event.storedAt()));
  }

  @EventHandler
  void on(KeyBackupRemovedEvent event) {
    jdbc.update("DELETE FROM directory_backup_key WHERE user_id = ?", event.userId());
  }
}
