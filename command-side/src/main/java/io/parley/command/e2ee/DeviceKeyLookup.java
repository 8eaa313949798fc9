package io.parley.command.e2ee;

import io.parley.command.conversation.CommandLookups;
import io.parley.events.e2ee.BackupKeyView;
import io.parley.events.e2ee.DeviceKeyEndedEvent;
import io.parley.events.e2ee.DeviceKeyPublishedEvent;
import io.parley.events.e2ee.DeviceKeyStatus;
import io.parley.events.e2ee.DeviceKeyView;
import io.parley.events.e2ee.KeyBackupRemovedEvent;
import io.parley.events.e2ee.KeyBackupStoredEvent;
import io.parley.events.e2ee.KeySetVersion;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The command side's lookup of active device keys and key backups (command V32). Its handlers run
 * in the subscribing {@link CommandLookups#GROUP} processor, inside the transaction that appends
 * the Account's key events, so a revoked key is out of every keySetVersion the moment the
 * revocation is acknowledged.
 */
@Component
@ProcessingGroup(CommandLookups.GROUP)
public class DeviceKeyLookup implements RecipientKeys {
  /** A stored key backup, as its owner reads it back. */
  public record Backup(
      String fingerprint, String publicKey, String encryptedPrivateKey, Instant createdAt) {}

  private final JdbcTemplate jdbc;

  DeviceKeyLookup(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String currentVersion(Collection<UUID> memberIds) {
    if (memberIds.isEmpty()) {
      return KeySetVersion.EMPTY;
    }
    UUID[] ids = memberIds.stream().distinct().toArray(UUID[]::new);
    List<KeySetVersion.Key> keys = new ArrayList<>();
    jdbc.query(
        con -> {
          PreparedStatement ps =
              con.prepareStatement(
                  "SELECT user_id, fingerprint, 'device' FROM device_key WHERE user_id = ANY(?)"
                      + " UNION ALL"
                      + " SELECT user_id, fingerprint, 'backup' FROM key_backup"
                      + " WHERE user_id = ANY(?)");
          Array array = con.createArrayOf("uuid", ids);
          ps.setArray(1, array);
          ps.setArray(2, array);
          return ps;
        },
        rs -> {
          UUID userId = rs.getObject(1, UUID.class);
          String fingerprint = rs.getString(2);
          keys.add(
              "device".equals(rs.getString(3))
                  ? KeySetVersion.device(userId, fingerprint)
                  : KeySetVersion.backup(userId, fingerprint));
        });
    return KeySetVersion.of(keys);
  }

  /** The active key of a device session, if it has one. */
  public Optional<DeviceKeyView> activeKey(UUID sessionId) {
    return jdbc
        .query(
            "SELECT user_id, session_id, device_name, fingerprint, public_key, created_at"
                + " FROM device_key WHERE session_id = ?",
            (rs, i) ->
                new DeviceKeyView(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, UUID.class),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    DeviceKeyStatus.ACTIVE.wire(),
                    rs.getTimestamp(6).toInstant(),
                    null),
            sessionId)
        .stream()
        .findFirst();
  }

  /** The user's key backup, if stored. */
  public Optional<Backup> backup(UUID userId) {
    return jdbc
        .query(
            "SELECT fingerprint, public_key, encrypted_private_key, created_at"
                + " FROM key_backup WHERE user_id = ?",
            (rs, i) ->
                new Backup(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant()),
            userId)
        .stream()
        .findFirst();
  }

  /** The public half of the user's backup key, if stored. */
  public Optional<BackupKeyView> backupKey(UUID userId) {
    return backup(userId)
        .map(b -> new BackupKeyView(userId, b.fingerprint(), b.publicKey(), b.createdAt()));
  }

  @EventHandler
  void on(DeviceKeyPublishedEvent event) {
    jdbc.update(
        "INSERT INTO device_key (session_id, user_id, device_name, fingerprint, public_key,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (session_id) DO UPDATE SET user_id = EXCLUDED.user_id,"
            + " device_name = EXCLUDED.device_name, fingerprint = EXCLUDED.fingerprint,"
            + " public_key = EXCLUDED.public_key, created_at = EXCLUDED.created_at",
        event.sessionId(),
        event.userId(),
        event.deviceName(),
        event.fingerprint(),
        event.publicKey(),
        Timestamp.from(event.publishedAt()));
  }

  @EventHandler
  void on(DeviceKeyEndedEvent event) {
    jdbc.update(
        "DELETE FROM device_key WHERE session_id = ? AND fingerprint = ?",
        event.sessionId(),
        event.fingerprint());
  }

  @EventHandler
  void on(KeyBackupStoredEvent event) {
    jdbc.update(
        "INSERT INTO key_backup (user_id, fingerprint, public_key, encrypted_private_key,"
            + " created_at) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (user_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
            + " public_key = EXCLUDED.public_key,"
            + " encrypted_private_key = EXCLUDED.encrypted_private_key,"
            + " created_at = EXCLUDED.created_at",
        event.userId(),
        event.fingerprint(),
        event.publicKey(),
        event.encryptedPrivateKey(),
        Timestamp.from(event.storedAt()));
  }

  @EventHandler
  void on(KeyBackupRemovedEvent event) {
    jdbc.update("DELETE FROM key_backup WHERE user_id = ?", event.userId());
  }
}
