package io.parley.command.e2ee;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.e2ee.DeviceKeyView;
import io.parley.events.e2ee.PublishDeviceKeyCommand;
import io.parley.events.e2ee.RemoveKeyBackupCommand;
import io.parley.events.e2ee.RevokeDeviceKeyCommand;
import io.parley.events.e2ee.StoreKeyBackupCommand;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The calling device session's end-to-end encryption key and the user's key backup (docs/adr/0182).
 * Served by the command side, GET of one's own backup included: the backup lives in its table, and
 * a client restoring right after storing must not meet read-model lag (as for device sessions, ADR
 * 0163).
 */
@RestController
class DeviceKeyController {
  record DeviceKeyRequest(
      @Schema(
              requiredMode = REQUIRED,
              maxLength = KeyMaterial.PUBLIC_KEY_MAX,
              description =
                  "ASCII-armored OpenPGP public key (-----BEGIN PGP PUBLIC KEY BLOCK-----)")
          String publicKey,
      @Schema(requiredMode = REQUIRED, pattern = "^([0-9a-f]{40}|[0-9a-f]{64})$")
          String fingerprint) {}

  record KeyBackupRequest(
      @Schema(
              requiredMode = REQUIRED,
              maxLength = KeyMaterial.PUBLIC_KEY_MAX,
              description = "ASCII-armored OpenPGP public key of the backup key")
          String publicKey,
      @Schema(requiredMode = REQUIRED, pattern = "^([0-9a-f]{40}|[0-9a-f]{64})$")
          String fingerprint,
      @Schema(
              requiredMode = REQUIRED,
              maxLength = KeyMaterial.PRIVATE_KEY_MAX,
              description =
                  "ASCII-armored, passphrase-protected OpenPGP private key"
                      + " (-----BEGIN PGP PRIVATE KEY BLOCK-----)")
          String encryptedPrivateKey) {}

  @Schema(name = "KeyBackup")
  record KeyBackupView(
      String fingerprint, String publicKey, String encryptedPrivateKey, Instant createdAt) {}

  private final CommandGateway commands;
  private final DeviceKeyLookup keys;
  private final Clock clock;
  private final int maxDeviceKeys;

  DeviceKeyController(
      CommandGateway commands,
      DeviceKeyLookup keys,
      Clock clock,
      @Value("${parley.e2ee.max-device-keys:8}") int maxDeviceKeys) {
    this.commands = commands;
    this.keys = keys;
    this.clock = clock;
    this.maxDeviceKeys = maxDeviceKeys;
  }

  @PutMapping("/api/me/device-key")
  Map<String, DeviceKeyView> publish(
      @CurrentUser AuthenticatedUser user, @RequestBody DeviceKeyRequest request) {
    Validator v = new Validator();
    KeyMaterial.publicKey(v, request.publicKey(), "publicKey");
    KeyMaterial.fingerprint(v, request.fingerprint(), "fingerprint");
    v.throwIfInvalid();
    commands.sendAndWait(
        new PublishDeviceKeyCommand(
            user.userId(),
            user.sessionId(),
            request.fingerprint(),
            request.publicKey(),
            maxDeviceKeys,
            now()));
    return Map.of(
        "deviceKey",
        keys.activeKey(user.sessionId())
            .orElseThrow(
                () ->
                    new DomainException(
                        ErrorCode.UNAUTHENTICATED, "This device session has ended.")));
  }

  @DeleteMapping("/api/me/device-key")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@CurrentUser AuthenticatedUser user) {
    commands.sendAndWait(new RevokeDeviceKeyCommand(user.userId(), user.sessionId(), now()));
  }

  @PutMapping("/api/me/key-backup")
  Map<String, KeyBackupView> storeBackup(
      @CurrentUser AuthenticatedUser user, @RequestBody KeyBackupRequest request) {
    Validator v = new Validator();
    KeyMaterial.publicKey(v, request.publicKey(), "publicKey");
    KeyMaterial.fingerprint(v, request.fingerprint(), "fingerprint");
    KeyMaterial.privateKey(v, request.encryptedPrivateKey(), "encryptedPrivateKey");
    v.throwIfInvalid();
    commands.sendAndWait(
        new StoreKeyBackupCommand(
            user.userId(),
            request.fingerprint(),
            request.publicKey(),
            request.encryptedPrivateKey(),
            now()));
    return readBackup(user);
  }

  @GetMapping("/api/me/key-backup")
  Map<String, KeyBackupView> backup(@CurrentUser AuthenticatedUser user) {
    return readBackup(user);
  }

  @DeleteMapping("/api/me/key-backup")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void removeBackup(@CurrentUser AuthenticatedUser user) {
    commands.sendAndWait(new RemoveKeyBackupCommand(user.userId(), now()));
  }

  private Map<String, KeyBackupView> readBackup(AuthenticatedUser user) {
    return keys.backup(user.userId())
        .map(
            b ->
                Map.of(
                    "keyBackup",
                    new KeyBackupView(
                        b.fingerprint(), b.publicKey(), b.encryptedPrivateKey(), b.createdAt())))
        .orElseThrow(
            () -> new DomainException(ErrorCode.NO_KEY_BACKUP, "You have stored no key backup."));
  }

  /** Milliseconds, as API.md writes times, so what Postgres stores reads back identically. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
