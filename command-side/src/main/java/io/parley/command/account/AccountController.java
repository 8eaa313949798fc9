package io.parley.command.account;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.events.account.UserView;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The open endpoints of API.md's auth table: register, login, refresh and logout. */
@RestController
class AccountController {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final int LOGIN_MAX = 320;
  private static final int REFRESH_TOKEN_MAX = 256;
  static final String DISPLAY_NAME_RULE =
      "must be 1 to 64 visible characters, without control, invisible or direction-changing"
          + " characters";

  record RegisterRequest(
      @Schema(
              requiredMode = REQUIRED,
              minLength = 3,
              maxLength = 32,
              pattern = "^[a-z0-9_.-]+$",
              description = "After NFKC normalisation; unique case-insensitively",
              example = "alice")
          String username,
      @Schema(requiredMode = REQUIRED, format = "email", maxLength = 320) String email,
      @Schema(requiredMode = REQUIRED, minLength = 8, maxLength = 128, format = "password")
          String password,
      @Schema(minLength = 1, maxLength = 64, example = "Alice") String displayName) {}

  record LoginRequest(
      @Schema(requiredMode = REQUIRED, maxLength = 320, description = "Username or email")
          String login,
      @Schema(requiredMode = REQUIRED, maxLength = 128, format = "password") String password,
      @Schema(maxLength = 100) String deviceName) {}

  record RefreshRequest(@Schema(requiredMode = REQUIRED, maxLength = 256) String refreshToken) {}

  record TokenResponse(String accessToken, String refreshToken, long expiresIn, UserView user) {}

  private final AccountRegistration registration;
  private final Logins logins;
  private final DeviceSessions sessions;
  private final Profiles profiles;
  private final ClientAddresses addresses;
  private final Clock clock;

  AccountController(
      AccountRegistration registration,
      Logins logins,
      DeviceSessions sessions,
      Profiles profiles,
      ClientAddresses addresses,
      Clock clock) {
    this.registration = registration;
    this.logins = logins;
    this.sessions = sessions;
    this.profiles = profiles;
    this.addresses = addresses;
    this.clock = clock;
  }

  @PostMapping("/api/auth/register")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, UserView> register(@RequestBody RegisterRequest request, HttpServletRequest http) {
    // names are checked and kept in NFKC form, so look-alike compatibility characters fold
    String username = AccountRules.normalize(request.username());
    String email = AccountRules.normalize(request.email());
    String displayName = AccountRules.normalize(request.displayName());
    Validator v = new Validator();
    v.require(
        AccountRules.validUsername(username),
        "username",
        "must be 3 to 32 characters of a-z, 0-9, _, . and -");
    v.require(
        email != null
            && email.length() <= LOGIN_MAX
            && EMAIL.matcher(email).matches()
            && AccountRules.visible(email),
        "email",
        "must be an email address");
    v.text(request.password(), "password", AccountRules.PASSWORD_MIN, AccountRules.PASSWORD_MAX);
    if (displayName != null) {
      v.require(AccountRules.validDisplayName(displayName), "displayName", DISPLAY_NAME_RULE);
    }
    v.throwIfInvalid();
    UserView user =
        registration.register(
            new AccountRegistration.Request(
                UUID.randomUUID(),
                username,
                email,
                request.password(),
                displayName == null ? username : displayName),
            addresses.of(http),
            now());
    return Map.of("user", user);
  }

  @PostMapping("/api/auth/login")
  TokenResponse login(@RequestBody LoginRequest request, HttpServletRequest http) {
    Validator v = new Validator();
    v.require(request.login() != null && !request.login().isBlank(), "login", "is required");
    v.require(
        request.login() == null || request.login().length() <= LOGIN_MAX,
        "login",
        "must be at most " + LOGIN_MAX + " characters");
    v.require(
        request.password() != null && !request.password().isEmpty(), "password", "is required");
    v.require(
        request.password() == null
            || request.password().codePointCount(0, request.password().length())
                <= AccountRules.PASSWORD_MAX,
        "password",
        "must be at most " + AccountRules.PASSWORD_MAX + " characters");
    v.require(
        AccountRules.validDeviceName(request.deviceName()),
        "deviceName",
        "must be at most "
            + AccountRules.DEVICE_NAME_MAX
            + " characters without control characters");
    v.throwIfInvalid();
    Instant now = now();
    return response(
        logins.login(
            request.login(), request.password(), request.deviceName(), addresses.of(http), now));
  }

  @PostMapping("/api/auth/refresh")
  TokenResponse refresh(@RequestBody RefreshRequest request) {
    validRefreshToken(request);
    return response(sessions.refresh(request.refreshToken(), now()));
  }

  @PostMapping("/api/auth/logout")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void logout(@RequestBody RefreshRequest request) {
    validRefreshToken(request);
    sessions.logout(request.refreshToken(), now());
  }

  private static void validRefreshToken(RefreshRequest request) {
    Validator v = new Validator();
    v.require(
        request.refreshToken() != null && !request.refreshToken().isBlank(),
        "refreshToken",
        "is required");
    v.require(
        request.refreshToken() == null || request.refreshToken().length() <= REFRESH_TOKEN_MAX,
        "refreshToken",
        "is not a refresh token");
    v.throwIfInvalid();
  }

  private TokenResponse response(DeviceSessions.Tokens tokens) {
    return new TokenResponse(
        tokens.accessToken(),
        tokens.refreshToken(),
        tokens.expiresIn(),
        profiles.user(tokens.userId()));
  }

  /** Milliseconds, as API.md writes times, so what Postgres stores reads back identically. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
