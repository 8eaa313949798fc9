package io.parley.query.e2ee;

import io.parley.events.e2ee.BackupKeyView;
import io.parley.events.e2ee.DeviceKeyView;
import io.parley.events.e2ee.KeySetVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads of the key directory (query V70). */
@Repository
public class KeyDirectory {
  /** The keys of a conversation's current members and their version. */
  public record ConversationKeys(
      String keySetVersion, List<DeviceKeyView> devices, List<BackupKeyView> backupKeys) {}

  private static final String DEVICE_COLUMNS =
      "k.user_id, k.session_id, k.device_name, k.fingerprint, k.public_key, k.status,"
          + " k.created_at, k.ended_at";

  private final JdbcTemplate jdbc;

  KeyDirectory(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Whether the user exists (deleted accounts too: their keys are all revoked). */
  public boolean userExists(UUID userId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM directory_user WHERE user_id = ?)",
            Boolean.class,
            userId));
  }

  /** Every device key of the user, ended ones included, newest first. */
  public List<DeviceKeyView> deviceKeys(UUID userId) {
    return jdbc.query(
        "SELECT "
            + DEVICE_COLUMNS
            + " FROM directory_device_key k WHERE k.user_id = ?"
            + " ORDER BY k.created_at DESC, k.session_id, k.fingerprint",
        (rs, i) -> device(rs),
        userId);
  }

  public Optional<BackupKeyView> backupKey(UUID userId) {
    return jdbc
        .query(
            "SELECT k.user_id, k.fingerprint, k.public_key, k.created_at"
                + " FROM directory_backup_key k WHERE k.user_id = ?",
            (rs, i) -> backup(rs),
            userId)
        .stream()
        .findFirst();
  }

  /** The active device keys and backup keys of the conversation's current members. */
  public ConversationKeys ofConversation(UUID conversationId) {
    List<DeviceKeyView> devices =
        jdbc.query(
            "SELECT "
                + DEVICE_COLUMNS
                + " FROM directory_device_key k JOIN directory_membership m"
                + " ON m.user_id = k.user_id AND m.conversation_id = ?"
                + " WHERE k.status = 'active' ORDER BY k.user_id, k.created_at, k.session_id",
            (rs, i) -> device(rs),
            conversationId);
    List<BackupKeyView> backups =
        jdbc.query(
            "SELECT k.user_id, k.fingerprint, k.public_key, k.created_at"
                + " FROM directory_backup_key k JOIN directory_membership m"
                + " ON m.user_id = k.user_id AND m.conversation_id = ? ORDER BY k.user_id",
            (rs, i) -> backup(rs),
            conversationId);
    List<KeySetVersion.Key> keys = new ArrayList<>();
    devices.forEach(d -> keys.add(KeySetVersion.device(d.userId(), d.fingerprint())));
    backups.forEach(b -> keys.add(KeySetVersion.backup(b.userId(), b.fingerprint())));
    return new ConversationKeys(KeySetVersion.of(keys), devices, backups);
  }

  private static DeviceKeyView device(ResultSet rs) throws SQLException {
    Timestamp ended = rs.getTimestamp("ended_at");
    return new DeviceKeyView(
        rs.getObject("user_id", UUID.class),
        rs.getObject("session_id", UUID.class),
        rs.getString("device_name"),
        rs.getString("fingerprint"),
        rs.getString("public_key"),
        rs.getString("status"),
        rs.getTimestamp("created_at").toInstant(),
        ended == null ? null : ended.toInstant());
  }

  private static BackupKeyView backup(ResultSet rs) throws SQLException {
    return new BackupKeyView(
        rs.getObject("user_id", UUID.class),
        rs.getString("fingerprint"),
        rs.getString("public_key"),
        rs.getTimestamp("created_at").toInstant());
  }
}
