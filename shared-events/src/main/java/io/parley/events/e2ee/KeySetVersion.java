package io.parley.events.e2ee;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The version of the set of keys a message in an encrypted conversation must be encrypted to: the
 * lowercase hex SHA-256 of the UTF-8 text made of one line per key, {@code "<userId> device
 * <fingerprint>"} for every active device key of every current member and {@code "<userId> backup
 * <fingerprint>"} for every current member's backup key, sorted, joined with {@code \n}, no
 * trailing newline. The only implementation: the command side checks a send against it, the query
 * side answers it in {@code GET /api/conversations/{id}/keys}.
 */
public final class KeySetVersion {
  /** What kind of key a line names. */
  public enum Kind {
    DEVICE,
    BACKUP;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One key of a member: a device key (one per device session) or their backup key. */
  public record Key(UUID userId, Kind kind, String fingerprint) {
    public Key {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** Its line in the hashed text. */
    public String line() {
      return userId + " " + kind.wire() + " " + fingerprint;
    }
  }

  /** The version of a set without keys (a conversation whose members published none). */
  public static final String EMPTY = of(List.of());

  private KeySetVersion() {}

  public static Key device(UUID userId, String fingerprint) {
    return new Key(userId, Kind.DEVICE, fingerprint);
  }

  public static Key backup(UUID userId, String fingerprint) {
    return new Key(userId, Kind.BACKUP, fingerprint);
  }

  /** The version of these keys; their order does not matter, duplicates count as often as given. */
  public static String of(Collection<Key> keys) {
    List<String> lines = new ArrayList<>(keys.size());
    for (Key key : keys) {
      lines.add(key.line());
    }
    lines.sort(null); // the lines are ASCII: UTF-16 order is byte order
    return sha256(String.join("\n", lines));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
