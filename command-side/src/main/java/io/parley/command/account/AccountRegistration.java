package io.parley.command.account;

import io.parley.events.account.RegisterAccountCommand;
import io.parley.events.account.UserView;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration. It claims the username and email in the credentials table and appends the
 * registration event in one transaction: two concurrent registrations of one name cannot both
 * succeed, and a refused one leaves nothing behind.
 */
@Service
class AccountRegistration {
  private final Credentials credentials;
  private final PasswordHasher hasher;
  private final CommandGateway commands;
  private final TransactionTemplate transaction;

  AccountRegistration(
      Credentials credentials,
      PasswordHasher hasher,
      CommandGateway commands,
      TransactionTemplate transaction) {
    this.credentials = credentials;
    this.hasher = hasher;
    this.commands = commands;
    this.transaction = transaction;
  }

  UserView register(
      UUID userId,
      String username,
      String email,
      String password,
      String displayName,
      Instant now) {
    String hash = hasher.hash(password); // slow on purpose: outside the transaction
    try {
      transaction.executeWithoutResult(
          status -> {
            credentials.insert(userId, username, displayName, email, hash, now);
            commands.sendAndWait(new RegisterAccountCommand(userId, username, displayName, now));
          });
    } catch (Credentials.TakenException e) {
      throw e.what == Credentials.Taken.EMAIL
          ? new DomainException(ErrorCode.EMAIL_TAKEN, "That email is already registered.")
          : new DomainException(ErrorCode.USERNAME_TAKEN, "That username is taken.");
    }
    return new UserView(userId, username, displayName, now);
  }
}
