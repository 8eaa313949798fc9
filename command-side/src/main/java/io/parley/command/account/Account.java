package io.parley.command.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.parley.events.account.AccountDeletedEvent;
import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.account.ChangeAvatarCommand;
import io.parley.events.account.ChangeDisplayNameCommand;
import io.parley.events.account.ChangePasswordCommand;
import io.parley.events.account.DeleteAccountCommand;
import io.parley.events.account.DeviceSessionEndedEvent;
import io.parley.events.account.DeviceSessionStartedEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.account.EndDeviceSessionCommand;
import io.parley.events.account.PasswordChangedEvent;
import io.parley.events.account.RegisterAccountCommand;
import io.parley.events.account.SessionEndReason;
import io.parley.events.account.StartDeviceSessionCommand;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.e2ee.DeviceKeyEndedEvent;
import io.parley.events.e2ee.DeviceKeyPublishedEvent;
import io.parley.events.e2ee.DeviceKeyStatus;
import io.parley.events.e2ee.KeyBackupRemovedEvent;
import io.parley.events.e2ee.KeyBackupStoredEvent;
import io.parley.events.e2ee.PublishDeviceKeyCommand;
import io.parley.events.e2ee.RemoveKeyBackupCommand;
import io.parley.events.e2ee.RevokeDeviceKeyCommand;
import io.parley.events.e2ee.StoreKeyBackupCommand;
import io.parley.events.message.Attachment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A user account: its profile, which device sessions are live, their end-to-end encryption device
 * keys and the key backup (docs/adr/0182). Holds no credentials: those live in the command side's
 * own tables, so no secret ever reaches the event log (a key backup is passphrase-protected by the
 * client; the server cannot open it). Every end of a session revokes its device key in the same
 * unit of work.
 */
@Aggregate
public class Account {
  @AggregateIdentifier private UUID userId;
  private String displayName;
  private UUID avatarId;
  private final Set<UUID> liveSessions = new LinkedHashSet<>();
  private boolean deleted;
  private final Map<UUID, String> deviceNames = new HashMap<>();

  /** The active device key of each session that has one: its fingerprint. */
  private final Map<UUID, String> activeKeys = new HashMap<>();

  /** The backup key's fingerprint and the whole backup as stored, or null. */
  private KeyBackupStoredEvent backup;

  protected Account() {}

  @CommandHandler
  public Account(RegisterAccountCommand command) {
    if (!AccountRules.validUsername(command.username())) {
      throw invalid("The username must be 3 to 32 characters of a-z, 0-9, _, . and -.");
    }
    if (!AccountRules.validDisplayName(command.displayName())) {
      throw invalid("The display name must be 1 to 64 characters.");
    }
    apply(
        new AccountRegisteredEvent(
            command.userId(), command.username(), command.displayName(), command.now()));
  }

  @CommandHandler
  void handle(ChangeDisplayNameCommand command) {
    requireLive();
    if (!AccountRules.validDisplayName(command.displayName())) {
      throw invalid("The display name must be 1 to 64 characters.");
    }
    if (command.displayName().equals(displayName)) {
      return; // already so: changing a name to itself is a no-op, which makes retries safe
    }
    apply(new DisplayNameChangedEvent(userId, command.displayName(), command.now()));
  }

  /** Sets or clears the avatar; setting the one already set changes nothing (safe to retry). */
  @CommandHandler
  void handle(ChangeAvatarCommand command) {
    requireLive();
    Attachment avatar = command.avatar();
    if (avatar != null && !avatar.image()) {
      throw new DomainException(ErrorCode.NOT_AN_IMAGE, "An avatar is an image.");
    }
    UUID newId = avatar == null ? null : avatar.attachmentId();
    if (!Objects.equals(newId, avatarId)) {
      apply(new AvatarChangedEvent(userId, avatar, command.now()));
    }
  }

  @CommandHandler
  void handle(StartDeviceSessionCommand command) {
    requireLive();
    if (!AccountRules.validDeviceName(command.deviceName())) {
      throw invalid("The device name must be at most 100 characters.");
    }
    if (liveSessions.contains(command.sessionId())) {
      throw new DomainException(ErrorCode.CONFLICT, "That device session already exists.");
    }
    apply(
        new DeviceSessionStartedEvent(
            userId, command.sessionId(), command.deviceName(), command.now()));
  }

  @CommandHandler
  void handle(EndDeviceSessionCommand command) {
    if (command.reason() == null) {
      throw invalid("A session ends for a reason.");
    }
    if (liveSessions.contains(command.sessionId())) {
      endSession(command.sessionId(), command.reason(), command.now());
    }
  }

  @CommandHandler
  void handle(ChangePasswordCommand command) {
    requireLive();
    if (!liveSessions.contains(command.bySessionId())) {
      throw new DomainException(ErrorCode.UNAUTHENTICATED, "This device session has ended.");
    }
    apply(new PasswordChangedEvent(userId, command.bySessionId(), command.now()));
    List<UUID> others = new ArrayList<>(liveSessions);
    others.remove(command.bySessionId());
    for (UUID other : others) {
      endSession(other, SessionEndReason.PASSWORD_CHANGED, command.now());
    }
  }

  /** Ends every live session, then the account; deleting a deleted account changes nothing. */
  @CommandHandler
  void handle(DeleteAccountCommand command) {
    if (deleted) {
      return;
    }
    for (UUID session : List.copyOf(liveSessions)) {
      endSession(session, SessionEndReason.ACCOUNT_DELETED, command.now());
    }
    if (backup != null) {
      apply(new KeyBackupRemovedEvent(userId, backup.fingerprint(), command.now()));
    }
    apply(new AccountDeletedEvent(userId, command.now()));
  }

  /**
   * Publishes the calling session's device key. The same fingerprint again is a no-op; another one
   * replaces the session's key; a first key beyond the limit of active keys is refused.
   */
  @CommandHandler
  void handle(PublishDeviceKeyCommand command) {
    requireLive();
    UUID session = command.sessionId();
    if (!liveSessions.contains(session)) {
      throw new DomainException(ErrorCode.UNAUTHENTICATED, "This device session has ended.");
    }
    String current = activeKeys.get(session);
    if (command.fingerprint().equals(current)) {
      return;
    }
    if (current == null && activeKeys.size() >= command.maxActiveKeys()) {
      throw new DomainException(
          ErrorCode.TOO_MANY_DEVICE_KEYS,
          "You already have "
              + activeKeys.size()
              + " active device keys; sign out on a device you no longer use.");
    }
    if (current != null) {
      apply(
          new DeviceKeyEndedEvent(
              userId, session, current, DeviceKeyStatus.REPLACED, command.now()));
    }
    apply(
        new DeviceKeyPublishedEvent(
            userId,
            session,
            deviceNames.get(session),
            command.fingerprint(),
            command.publicKey(),
            command.now()));
  }

  @CommandHandler
  void handle(RevokeDeviceKeyCommand command) {
    requireLive();
    String current = activeKeys.get(command.sessionId());
    if (current != null) {
      apply(
          new DeviceKeyEndedEvent(
              userId, command.sessionId(), current, DeviceKeyStatus.REVOKED, command.now()));
    }
  }

  @CommandHandler
  void handle(StoreKeyBackupCommand command) {
    requireLive();
    if (backup != null
        && backup.fingerprint().equals(command.fingerprint())
        && backup.publicKey().equals(command.publicKey())
        && backup.encryptedPrivateKey().equals(command.encryptedPrivateKey())) {
      return; // the same backup again: safe to retry
    }
    apply(
        new KeyBackupStoredEvent(
            userId,
            command.fingerprint(),
            command.publicKey(),
            command.encryptedPrivateKey(),
            command.now()));
  }

  @CommandHandler
  void handle(RemoveKeyBackupCommand command) {
    requireLive();
    if (backup != null) {
      apply(new KeyBackupRemovedEvent(userId, backup.fingerprint(), command.now()));
    }
  }

  /** Ends a live session and revokes its device key, if it has one. */
  private void endSession(UUID session, SessionEndReason reason, Instant now) {
    String key = activeKeys.get(session);
    if (key != null) {
      apply(new DeviceKeyEndedEvent(userId, session, key, DeviceKeyStatus.REVOKED, now));
    }
    apply(new DeviceSessionEndedEvent(userId, session, reason, now));
  }

  private void requireLive() {
    if (deleted) {
      throw new DomainException(ErrorCode.UNAUTHENTICATED, "This account was deleted.");
    }
  }

  @EventSourcingHandler
  void on(AccountDeletedEvent event) {
    deleted = true;
    displayName = null;
    avatarId = null;
  }

  @EventSourcingHandler
  void on(AccountRegisteredEvent event) {
    this.userId = event.userId();
    this.displayName = event.displayName();
  }

  @EventSourcingHandler
  void on(DisplayNameChangedEvent event) {
    this.displayName = event.displayName();
  }

  @EventSourcingHandler
  void on(AvatarChangedEvent event) {
    this.avatarId = event.avatar() == null ? null : event.avatar().attachmentId();
  }

  @EventSourcingHandler
  void on(DeviceSessionStartedEvent event) {
    liveSessions.add(event.sessionId());
    deviceNames.put(event.sessionId(), event.deviceName());
  }

  @EventSourcingHandler
  void on(DeviceSessionEndedEvent event) {
    liveSessions.remove(event.sessionId());
    deviceNames.remove(event.sessionId());
    activeKeys.remove(event.sessionId());
  }

  @EventSourcingHandler
  void on(DeviceKeyPublishedEvent event) {
    activeKeys.put(event.sessionId(), event.fingerprint());
  }

  @EventSourcingHandler
  void on(DeviceKeyEndedEvent event) {
    activeKeys.remove(event.sessionId(), event.fingerprint());
  }

  @EventSourcingHandler
  void on(KeyBackupStoredEvent event) {
    backup = event;
  }

  @EventSourcingHandler
  void on(KeyBackupRemovedEvent event) {
    backup = null;
  }

  private static DomainException invalid(String message) {
    return new DomainException(ErrorCode.INVALID_INPUT, message);
  }
}
