package io.parley.command.e2ee;

import io.parley.support.web.Validator;
import java.util.regex.Pattern;

/**
 * The shape checks of what clients store: the server cannot read OpenPGP keys (and does not try),
 * it only refuses what is plainly not an armored block of the right kind, too large, or a
 * fingerprint that is not 40 (v4) or 64 (v6) lowercase hex digits.
 */
final class KeyMaterial {
  static final int PUBLIC_KEY_MAX = 16 * 1024;
  static final int PRIVATE_KEY_MAX = 32 * 1024;
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final Pattern ARMOR_TEXT = Pattern.compile("[\\x20-\\x7e\\r\\n\\t]*");

  private KeyMaterial() {}

  static void fingerprint(Validator v, String value, String field) {
    if (value == null || value.isEmpty()) {
      v.require(false, field, "is required");
      return;
    }
    v.require(FINGERPRINT.matcher(value).matches(), field, "must be 40 or 64 lowercase hex digits");
  }

  static void publicKey(Validator v, String value, String field) {
    armored(v, value, field, "PGP PUBLIC KEY BLOCK", PUBLIC_KEY_MAX);
  }

  static void privateKey(Validator v, String value, String field) {
    armored(v, value, field, "PGP PRIVATE KEY BLOCK", PRIVATE_KEY_MAX);
  }

  private static void armored(Validator v, String value, String field, String kind, int max) {
    if (value == null || value.isEmpty()) {
      v.require(false, field, "is required");
      return;
    }
    if (value.length() > max) {
      v.require(false, field, "must be at most " + max + " characters");
      return;
    }
    String trimmed = value.strip();
    v.require(
        ARMOR_TEXT.matcher(value).matches()
            && trimmed.startsWith("-----BEGIN " + kind + "-----")
            && trimmed.endsWith("-----END " + kind + "-----"),
        field,
        "must be an ASCII-armored OpenPGP block (-----BEGIN " + kind + "-----)");
  }
}
