package io.parley.command.account;

import io.parley.events.account.ChangeAvatarCommand;
import io.parley.events.account.ChangeDisplayNameCommand;
import io.parley.events.account.ChangePasswordCommand;
import io.parley.events.account.UserView;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.message.Attachment;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A signed-in user changing their own account. The credentials table (which login answers from) and
 * the event log change in one transaction.
 */
@Service
class Profiles {
  private final Credentials credentials;
  private final DeviceSessions sessions;
  private final PasswordHasher hasher;
  private final CommandGateway commands;
  private final TransactionTemplate transaction;

  Profiles(
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

  UserView changeDisplayName(UUID userId, String displayName, Instant now) {
    OnConflict.retry(
        () ->
            transaction.executeWithoutResult(
                status -> {
                  commands.sendAndWait(new ChangeDisplayNameCommand(userId, displayName, now));
                  credentials.changeDisplayName(userId, displayName);
                }));
    return user(userId);
  }

  /** Sets ({@code avatar} an image) or clears (null) the avatar; the answer carries it. */
  UserView changeAvatar(UUID userId, Attachment avatar, Instant now) {
    OnConflict.retry(
        () ->
            transaction.executeWithoutResult(
                status -> {
                  commands.sendAndWait(new ChangeAvatarCommand(userId, avatar, now));
                  credentials.changeAvatar(userId, avatar == null ? null : avatar.attachmentId());
                }));
    return user(userId);
  }

  /** The caller confirmed the current password; every other device session ends. */
  void changePassword(UUID userId, UUID bySessionId, String newPassword, Instant now) {
    String hash = hasher.hash(newPassword); // slow on purpose: outside the transaction
    OnConflict.retry(
        () ->
            transaction.executeWithoutResult(
                status -> {
                  commands.sendAndWait(new ChangePasswordCommand(userId, bySessionId, now));
                  credentials.changePasswordHash(userId, hash);
                  sessions.endOthersInTable(userId, bySessionId, now);
                }));
  }

  UserView user(UUID userId) {
    return credentials
        .find(userId)
        .map(Credentials.Row::view)
        .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No such user."));
  }
}
