package io.parley.command.account;

import io.parley.events.account.RegisterAccountCommand;
import io.parley.events.account.UserView;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration and login. Registration claims the username and email in the credentials table and
 * appends the registration event in one transaction: two concurrent registrations of one name
 * cannot both succeed, and a refused one leaves nothing behind.
 */
@Service
class AccountRegistration {
  private final Credentials credentials;
  private final DeviceSessions sessions;
  private final PasswordHasher hasher;
  private final CommandGateway commands;
  private final TransactionTemplate transaction;

  AccountRegistration(
      Credentials credentials,
      DeviceSessions sessions,
      PasswordHasher hasher,
      CommandGateway commands,
      TransactionTemplate transaction) {
    this.credentials = credentials;
    this.sessions = sessions;
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

  Optional<DeviceSessions.Tokens> login(
      String login, String password, String deviceName, Instant now) {
    return credentials
        .findByLogin(login)
        .filter(row -> hasher.matches(password, row.passwordHash()))
        .map(row -> transaction.execute(status -> sessions.start(row.userId(), deviceName, now)));
  }

  UserView user(UUID userId) {
    return credentials
        .find(userId)
        .map(Credentials.Row::view)
        .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No such user."));
  }
}
