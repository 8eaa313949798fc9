package io.parley.query.e2ee;

import static io.parley.support.admin.RowComparison.micros;

import io.parley.events.e2ee.DeviceKeyEndedEvent;
import io.parley.events.e2ee.DeviceKeyPublishedEvent;
import io.parley.events.e2ee.KeyBackupRemovedEvent;
import io.parley.events.e2ee.KeyBackupStoredEvent;
import io.parley.support.admin.RowComparison;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The key directory (query V70) folded from the log on its own, for the conversation directory's
 * verify (docs/adr/0182): every device key with its status and times, and each user's backup key.
 * Rows are keyed by user first, so a row is compared only when its account has settled.
 */
public final class KeyDirectoryFold {
  private static final class DeviceKey {
    private final String deviceName;
    private final String publicKey;
    private final Instant createdAt;
    private String status = "active";
    private Instant endedAt;

    private DeviceKey(String deviceName, String publicKey, Instant createdAt) {
      this.deviceName = deviceName;
      this.publicKey = publicKey;
      this.createdAt = createdAt;
    }

    private String line() {
      return RowComparison.line(deviceName, publicKey, status, createdAt, endedAt);
    }
  }

  private final SortedMap<String, DeviceKey> deviceKeys = new TreeMap<>();
  private final SortedMap<String, String> backupKeys = new TreeMap<>();
  private final SortedMap<String, String> actualDevices = new TreeMap<>();
  private final SortedMap<String, String> actualBackups = new TreeMap<>();

  /** Folds one event of the log (others are ignored). */
  public void apply(Object payload) {
    if (payload instanceof DeviceKeyPublishedEvent e) {
      deviceKeys.put(
          e.userId() + "/" + e.sessionId() + "/" + e.fingerprint(),
          new DeviceKey(e.deviceName(), e.publicKey(), micros(e.publishedAt())));
    } else if (payload instanceof DeviceKeyEndedEvent e) {
      DeviceKey key = deviceKeys.get(e.userId() + "/" + e.sessionId() + "/" + e.fingerprint());
      if (key != null && "active".equals(key.status)) {
        key.status = e.status().wire();
        key.endedAt = micros(e.endedAt());
      }
    } else if (payload instanceof KeyBackupStoredEvent e) {
      backupKeys.put(
          e.userId().toString(),
          RowComparison.line(e.fingerprint(), e.publicKey(), micros(e.storedAt())));
    } else if (payload instanceof KeyBackupRemovedEvent e) {
      backupKeys.remove(e.userId().toString());
    }
  }

  /** Reads the stored key tables: after the fold, before asking which rows are settled. */
  public void readStored(JdbcTemplate jdbc) {
    jdbc.query(
        "SELECT user_id, session_id, fingerprint, device_name, public_key, status, created_at,"
            + " ended_at FROM directory_device_key",
        row -> {
          actualDevices.put(
              row.getString("user_id")
                  + "/"
                  + row.getString("session_id")
                  + "/"
                  + row.getString("fingerprint"),
              RowComparison.line(
                  row.getString("device_name"),
                  row.getString("public_key"),
                  row.getString("status"),
                  RowComparison.instant(row, "created_at"),
                  RowComparison.instant(row, "ended_at")));
        });
    jdbc.query(
        "SELECT user_id, fingerprint, public_key, created_at FROM directory_backup_key",
        row -> {
          actualBackups.put(
              row.getString("user_id"),
              RowComparison.line(
                  row.getString("fingerprint"),
                  row.getString("public_key"),
                  RowComparison.instant(row, "created_at")));
        });
  }

  /** Compares the stored rows with the fold; {@code settled} takes a user id. */
  public void compare(RowComparison comparison, Predicate<String> settled) {
    SortedMap<String, String> expectedDevices = new TreeMap<>();
    deviceKeys.forEach((key, device) -> expectedDevices.put(key, device.line()));
    comparison
        .table(
            "directory_device_key",
            expectedDevices,
            actualDevices,
            key -> settled.test(key.substring(0, key.indexOf('/'))))
        .table("directory_backup_key", new TreeMap<>(backupKeys), actualBackups, settled);
  }
}
