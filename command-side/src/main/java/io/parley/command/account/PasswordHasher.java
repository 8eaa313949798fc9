package io.parley.command.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Slow salted hashes (bcrypt). The cost is configurable so tests can run fast. Passwords are
 * pre-hashed with SHA-256 because bcrypt reads at most 72 bytes (and the encoder refuses longer
 * input) while a 128-character password may be 512 bytes of UTF-8: see docs/adr/0011.
 */
@Component
class PasswordHasher {
  private final BCryptPasswordEncoder encoder;

  /** Checked when no account matches, so a wrong login costs as much as a right one. */
  private final String dummyHash;

  PasswordHasher(@Value("${parley.auth.bcrypt-cost:10}") int cost) {
    this.encoder = new BCryptPasswordEncoder(cost);
    this.dummyHash = hash(UUID.randomUUID().toString());
  }

  String hash(String password) {
    return encoder.encode(prehash(password));
  }

  boolean matches(String password, String hash) {
    return encoder.matches(prehash(password), hash);
  }

  /** Spends the time of one check against a hash that matches nothing. */
  void burn(String password) {
    encoder.matches(prehash(password), dummyHash);
  }

  private static String prehash(String password) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
