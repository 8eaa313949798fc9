package io.parley.events.e2ee;

import java.util.Locale;

/** Where a device key stands: published and in use, superseded by the session's next, or ended. */
public enum DeviceKeyStatus {
  ACTIVE,
  /** Its session published a key with another fingerprint. */
  REPLACED,
  /** Its session deleted it, or the session ended (logout, revocation, password change, ...). */
  REVOKED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
