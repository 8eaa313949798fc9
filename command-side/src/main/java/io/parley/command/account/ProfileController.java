package io.parley.command.account;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.command.files.Attachables;
import io.parley.events.account.UserView;
import io.parley.events.message.Attachment;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's own account: display name and password. */
@RestController
class ProfileController {
  record ProfileRequest(
      @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 64) String displayName) {}

  record PasswordRequest(
      @Schema(requiredMode = REQUIRED, format = "password") String currentPassword,
      @Schema(requiredMode = REQUIRED, minLength = 8, maxLength = 128, format = "password")
          String newPassword) {}

  record AvatarRequest(
      @Schema(requiredMode = REQUIRED, format = "uuid", description = "One of your image uploads")
          String uploadId) {}

  private final Profiles profiles;
  private final Logins logins;
  private final ClientAddresses addresses;
  private final Clock clock;
  private final Attachables attachables;

  ProfileController(
      Profiles profiles,
      Logins logins,
      ClientAddresses addresses,
      Clock clock,
      Attachables attachables) {
    this.profiles = profiles;
    this.attachables = attachables;
    this.logins = logins;
    this.addresses = addresses;
    this.clock = clock;
  }

  @PatchMapping("/api/me")
  Map<String, UserView> changeProfile(
      @CurrentUser AuthenticatedUser user, @RequestBody ProfileRequest request) {
    String displayName = AccountRules.normalize(request.displayName());
    Validator v = new Validator();
    v.require(
        AccountRules.validDisplayName(displayName),
        "displayName",
        AccountController.DISPLAY_NAME_RULE);
    v.throwIfInvalid();
    return Map.of("user", profiles.changeDisplayName(user.userId(), displayName, now()));
  }

  @PutMapping("/api/me/avatar")
  Map<String, UserView> setAvatar(
      @CurrentUser AuthenticatedUser user, @RequestBody AvatarRequest request) {
    Attachment avatar = attachables.image(request.uploadId(), user.userId());
    return Map.of("user", profiles.changeAvatar(user.userId(), avatar, now()));
  }

  @DeleteMapping("/api/me/avatar")
  Map<String, UserView> clearAvatar(@CurrentUser AuthenticatedUser user) {
    return Map.of("user", profiles.changeAvatar(user.userId(), null, now()));
  }

  @PostMapping("/api/me/password")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void changePassword(
      @CurrentUser AuthenticatedUser user,
      @RequestBody PasswordRequest request,
      HttpServletRequest http) {
    Validator v = new Validator();
    v.require(
        request.currentPassword() != null && !request.currentPassword().isEmpty(),
        "currentPassword",
        "is required");
    v.text(
        request.newPassword(), "newPassword", AccountRules.PASSWORD_MIN, AccountRules.PASSWORD_MAX);
    v.throwIfInvalid();
    Instant now = now();
    logins.confirmPassword(user.userId(), request.currentPassword(), addresses.of(http), now);
    profiles.changePassword(user.userId(), user.sessionId(), request.newPassword(), now);
  }

  /** Milliseconds, as API.md writes times, so what Postgres stores reads back identically. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
