package io.parley.command.account;

import io.parley.events.account.UserView;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.web.Validator;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AccountController {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.\\-]{3,32}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  record RegisterRequest(String username, String email, String password, String displayName) {}

  record LoginRequest(String login, String password, String deviceName) {}

  record LoginResponse(String accessToken, String refreshToken, long expiresIn, UserView user) {}

  private final AccountRegistration registration;
  private final Clock clock;

  AccountController(AccountRegistration registration, Clock clock) {
    this.registration = registration;
    this.clock = clock;
  }

  @PostMapping("/api/auth/register")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, UserView> register(@RequestBody RegisterRequest request) {
    Validator v = new Validator();
    String username = request.username();
    v.require(
        username != null && USERNAME.matcher(username.toLowerCase(java.util.Locale.ROOT)).matches(),
        "username",
        "must be 3 to 32 characters of a-z, 0-9, _, . and -");
    v.require(
        request.email() != null
            && request.email().length() <= 320
            && EMAIL.matcher(request.email()).matches(),
        "email",
        "must be an email address");
    v.text(request.password(), "password", 8, 128);
    String displayName = request.displayName() == null ? username : request.displayName();
    if (request.displayName() != null) {
      v.require(!request.displayName().isBlank(), "displayName", "must not be blank");
      v.text(request.displayName(), "displayName", 1, 64);
    }
    v.throwIfInvalid();
    UserView user =
        registration.register(
            UUID.randomUUID(),
            username,
            request.email(),
            request.password(),
            displayName,
            clock.instant());
    return Map.of("user", user);
  }

  @PostMapping("/api/auth/login")
  LoginResponse login(@RequestBody LoginRequest request) {
    Validator v = new Validator();
    v.require(request.login() != null && !request.login().isBlank(), "login", "is required");
    v.require(
        request.password() != null && !request.password().isEmpty(), "password", "is required");
    v.throwIfInvalid();
    DeviceSessions.Tokens tokens =
        registration
            .login(request.login(), request.password(), request.deviceName(), clock.instant())
            .orElseThrow(
                () -> new DomainException(ErrorCode.UNAUTHENTICATED, "Wrong login or password."));
    return new LoginResponse(
        tokens.accessToken(),
        tokens.refreshToken(),
        tokens.expiresIn(),
        registration.user(tokens.userId()));
  }
}
