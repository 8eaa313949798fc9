package io.parley.command.conversation;

/**
 * The shape of an end-to-end encrypted message as the server checks it: an ASCII-armored OpenPGP
 * message of at most 60,000 characters. The server cannot check more: it holds no keys.
 */
public final class Ciphertexts {
  public static final int MAX_CHARS = 60_000;
  static final String BEGIN = "-----BEGIN PGP MESSAGE-----";
  static final String END = "-----END PGP MESSAGE-----";

  private Ciphertexts() {}

  /** What is wrong with {@code ciphertext}, or null when its shape is right. */
  public static String problem(String ciphertext) {
    if (ciphertext == null || ciphertext.isEmpty()) {
      return "is required";
    }
    if (ciphertext.length() > MAX_CHARS) {
      return "must be at most " + MAX_CHARS + " characters";
    }
    String trimmed = ciphertext.strip();
    if (!trimmed.startsWith(BEGIN)
        || !trimmed.endsWith(END)
        || !trimmed.chars().allMatch(c -> c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f))) {
      return "must be an ASCII-armored OpenPGP message (" + BEGIN + ")";
    }
    return null;
  }
}
