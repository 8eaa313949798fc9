package io.parley.events.common;

/**
 * Domain failure codes shared by every service. Each maps to one HTTP status and one problem type
 * in the web layer, and travels across the bus as the details of a command execution exception.
 */
public enum ErrorCode {
  INVALID_INPUT(400),
  UNAUTHENTICATED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  CONFLICT(409),
  USERNAME_TAKEN(409),
  EMAIL_TAKEN(409),
  NOT_A_MEMBER(403),
  /** An upload would take the user past their stored-bytes quota (docs/adr/0140). */
  QUOTA_EXCEEDED(409),
  /** An avatar or group picture that is not a PNG, JPEG, GIF or WebP image. */
  NOT_AN_IMAGE(400),
  RATE_LIMITED(429),
  /** An invite link that expired, was revoked or has no uses left (docs/adr/0159). */
  INVITE_GONE(410),
  /** A user already has parley.e2ee.max-device-keys active device keys (docs/adr/0182). */
  TOO_MANY_DEVICE_KEYS(409),
  /** The user has stored no key backup (docs/adr/0182). */
  NO_KEY_BACKUP(404),
  /**
   * An end-to-end encrypted message was encrypted for another set of recipient keys than the
   * conversation's current one (docs/adr/0186): the client refetches the keys and re-encrypts.
   */
  KEY_SET_CHANGED(409),
  /** A change an end-to-end encrypted conversation refuses, e.g. making it public. */
  ENCRYPTED_CONVERSATION(409),
  /** An end-to-end encrypted conversation would grow past its member limit. */
  TOO_MANY_MEMBERS(409);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The problem `type` URI suffix, e.g. {@code username-taken}. */
  public String slug() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
