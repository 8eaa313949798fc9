package io.parley.command.account;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/** Slow salted hashes (bcrypt). The cost is configurable so tests can run fast. */
@Component
class PasswordHasher {
  private final BCryptPasswordEncoder encoder;

  PasswordHasher(@Value("${parley.auth.bcrypt-cost:10}") int cost) {
    this.encoder = new BCryptPasswordEncoder(cost);
  }

  String hash(String password) {
    return encoder.encode(password);
  }

  boolean matches(String password, String hash) {
    return encoder.matches(password, hash);
  }
}
