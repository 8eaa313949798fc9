package io.parley.command.account;

import io.parley.events.account.RegisterAccountCommand;
import io.parley.events.account.UserView;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.web.RateLimitedException;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration. Throttled per client address, and the username and email are checked before the
 * slow password hash, so refused attempts cost no hashing. It claims the username and email in the
 * credentials table and appends the registration event in one transaction: two concurrent
 * registrations of one name cannot both succeed, and a refused one leaves nothing behind.
 *
 * <p>A taken email is answered exactly like a success (same status, shape and hashing work) and
 * creates nothing, so the endpoint does not tell outsiders which emails have accounts. Usernames
 * are public, so a taken one is a 409. See docs/adr/0090.
 */
@Service
class AccountRegistration {
  record Request(UUID userId, String username, String email, String password, String displayName) {}

  private final Credentials credentials;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final CommandGateway commands;
  private final TransactionTemplate transaction;

  AccountRegistration(
      Credentials credentials,
      PasswordHasher hasher,
      LoginThrottle throttle,
      CommandGateway commands,
      TransactionTemplate transaction) {
    this.credentials = credentials;
    this.hasher = hasher;
    this.throttle = throttle;
    this.commands = commands;
    this.transaction = transaction;
  }

  UserView register(Request request, String address, Instant now) {
    throttle
        .registration(address, now)
        .ifPresent(
            wait -> {
              throw new RateLimitedException(
                  wait, "Too many registrations from this address. Try again later.");
            });
    UserView answer =
        new UserView(request.userId(), request.username(), request.displayName(), now);
    switch (credentials.taken(request.username(), request.email())) {
      case USERNAME -> throw usernameTaken();
      case EMAIL -> {
        hasher.burn(request.password()); // as slow as a registration that goes through
        return answer;
      }
      case NONE -> {}
    }
    String hash = hasher.hash(request.password()); // slow on purpose: outside the transaction
    try {
      transaction.executeWithoutResult(
          status -> {
            credentials.insert(
                request.userId(),
                request.username(),
                request.displayName(),
                request.email(),
                hash,
                now);
            commands.sendAndWait(
                new RegisterAccountCommand(
                    request.userId(), request.username(), request.displayName(), now));
          });
    } catch (Credentials.TakenException e) {
      // lost a race with a concurrent registration: answered as if it had been checked first
      if (e.what == Credentials.Taken.USERNAME) {
        throw usernameTaken();
      }
    }
    return answer;
  }

  private static DomainException usernameTaken() {
    return new DomainException(ErrorCode.USERNAME_TAKEN, "That username is taken.");
  }
}
