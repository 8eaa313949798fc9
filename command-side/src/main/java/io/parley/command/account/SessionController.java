package io.parley.command.account;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's device sessions (list, revoke) and deleting the account. Served by the
 * command side: sessions live in its tables (docs/adr/0163).
 */
@RestController
class SessionController {
  @Schema(name = "DeviceSession")
  record SessionView(
      UUID sessionId, String deviceName, Instant createdAt, Instant lastUsedAt, boolean current) {}

  @Schema(name = "DeviceSessionPage")
  record Page(List<SessionView> items, String nextCursor) {}

  record DeleteAccountRequest(
      @Schema(requiredMode = REQUIRED, format = "password", maxLength = 128) String password) {}

  private final DeviceSessions sessions;
  private final Logins logins;
  private final AccountDeletion deletion;
  private final ClientAddresses addresses;
  private final Clock clock;

  SessionController(
      DeviceSessions sessions,
      Logins logins,
      AccountDeletion deletion,
      ClientAddresses addresses,
      Clock clock) {
    this.sessions = sessions;
    this.logins = logins;
    this.deletion = deletion;
    this.addresses = addresses;
    this.clock = clock;
  }

  @GetMapping("/api/me/sessions")
  Page list(@CurrentUser AuthenticatedUser user) {
    return new Page(
        sessions.live(user.userId()).stream()
            .map(
                s ->
                    new SessionView(
                        s.sessionId(),
                        s.deviceName(),
                        s.createdAt(),
                        s.lastUsedAt(),
                        s.sessionId().equals(user.sessionId())))
            .toList(),
        null);
  }

  @DeleteMapping("/api/me/sessions/{sessionId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@CurrentUser AuthenticatedUser user, @PathVariable String sessionId) {
    Validator v = new Validator();
    UUID id = v.uuid(sessionId, "sessionId");
    v.throwIfInvalid();
    sessions.revoke(user.userId(), id, now());
  }

  @DeleteMapping("/api/me")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void deleteAccount(
      @CurrentUser AuthenticatedUser user,
      @RequestBody DeleteAccountRequest request,
      HttpServletRequest http) {
    Validator v = new Validator();
    v.require(
        request.password() != null && !request.password().isEmpty(), "password", "is required");
    v.require(
        request.password() == null
            || request.password().codePointCount(0, request.password().length())
                <= AccountRules.PASSWORD_MAX,
        "password",
        "must be at most " + AccountRules.PASSWORD_MAX + " characters");
    v.throwIfInvalid();
    Instant now = now();
    logins.confirmPassword(user.userId(), request.password(), addresses.of(http), now);
    deletion.delete(user.userId(), now);
  }

  /** Milliseconds, as API.md writes times, so what Postgres stores reads back identically. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
