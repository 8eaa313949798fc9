package io.parley.command.account;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.web.RateLimitedException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Password checks: logging in, and confirming the current password before changing it. Each check
 * is throttled per account and client address (docs/adr/0012), and a wrong login costs the same
 * bcrypt work as a right one, so neither timing nor the answer tells whether an account exists.
 */
@Service
class Logins {
  private final Credentials credentials;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final DeviceSessions sessions;

  Logins(
      Credentials credentials,
      PasswordHasher hasher,
      LoginThrottle throttle,
      DeviceSessions sessions) {
    this.credentials = credentials;
    this.hasher = hasher;
    this.throttle = throttle;
    this.sessions = sessions;
  }

  DeviceSessions.Tokens login(
      String login, String password, String deviceName, String address, Instant now) {
    Optional<Credentials.Row> account = credentials.findByLogin(login);
    // an unknown name is throttled like an account, so a 429 does not reveal which names exist
    String accountKey =
        account.map(row -> "account:" + row.userId()).orElseGet(() -> unknownKey(login));
    check(
        throttle.check(accountKey, account.map(Credentials.Row::userId), address, now),
        password,
        account.map(Credentials.Row::passwordHash),
        now);
    return sessions.start(account.get().userId(), deviceName, now);
  }

  /** Confirms a signed-in user's current password (throttled like a login). */
  void confirmPassword(UUID userId, String password, String address, Instant now) {
    Optional<String> hash = credentials.find(userId).map(Credentials.Row::passwordHash);
    try {
      check(
          throttle.check("account:" + userId, Optional.of(userId), address, now),
          password,
          hash,
          now);
    } catch (DomainException e) {
      throw new DomainException(ErrorCode.FORBIDDEN, "The current password is wrong.");
    }
  }

  private void check(
      LoginThrottle.Check keys, String password, Optional<String> hash, Instant now) {
    throttle
        .attempt(keys.all(), now)
        .ifPresent(
            wait -> {
              throw new RateLimitedException(
                  wait, "Too many failed attempts. Try again after the Retry-After delay.");
            });
    boolean right;
    if (hash.isPresent()) {
      right = hasher.matches(password, hash.get());
    } else {
      hasher.burn(password);
      right = false;
    }
    if (!right) {
      throw new DomainException(ErrorCode.UNAUTHENTICATED, "Wrong login or password.");
    }
    throttle.succeeded(keys, now);
  }

  private static String unknownKey(String login) {
    return "login:" + LoginThrottle.sha256(AccountRules.normalize(login).toLowerCase(Locale.ROOT));
  }
}
