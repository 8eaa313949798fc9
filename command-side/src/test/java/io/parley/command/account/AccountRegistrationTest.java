package io.parley.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.events.account.UserView;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.web.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Refused registrations cost no password hash (the slow part an attacker would make us spend), and
 * a taken email costs exactly one hash's worth of work, like a registration that goes through.
 */
class AccountRegistrationTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static final class CountingHasher extends PasswordHasher {
    int hashed;
    int burned;

    CountingHasher() {
      super(4);
    }

    @Override
    String hash(String password) {
      hashed++;
      return super.hash(password);
    }

    @Override
    void burn(String password) {
      burned++;
      super.burn(password);
    }
  }

  private static final class FixedCredentials extends Credentials {
    private final Taken taken;

    FixedCredentials(Taken taken) {
      super(null);
      this.taken = taken;
    }

    @Override
    Taken taken(String username, String email) {
      return taken;
    }
  }

  private static final class FixedThrottle extends LoginThrottle {
    private final Optional<Duration> wait;

    FixedThrottle(Optional<Duration> wait) {
      super(
          null,
          Duration.ofMinutes(15),
          5,
          50,
          50,
          Duration.ofDays(90),
          Duration.ofHours(1),
          30,
          "",
          new org.springframework.beans.factory.support.StaticListableBeanFactory()
              .getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
      this.wait = wait;
    }

    @Override
    Optional<Duration> registration(String address, Instant now) {
      return wait;
    }
  }

  private final CountingHasher hasher = new CountingHasher();

  private AccountRegistration registration(Credentials.Taken taken, Optional<Duration> wait) {
    return new AccountRegistration(
        new FixedCredentials(taken), hasher, new FixedThrottle(wait), null, null);
  }

  private static AccountRegistration.Request request() {
    return new AccountRegistration.Request(
        UUID.randomUUID(), "someone", "someone@example.test", "a password", "Someone");
  }

  @Test
  void aTakenUsernameIsRefusedBeforeAnyHashing() {
    int before = hasher.burned;
    int hashedBefore = hasher.hashed;
    assertThatThrownBy(
            () ->
                registration(Credentials.Taken.USERNAME, Optional.empty())
                    .register(request(), "10.0.0.1", NOW))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USERNAME_TAKEN));
    assertThat(hasher.hashed).isEqualTo(hashedBefore);
    assertThat(hasher.burned).isEqualTo(before);
  }

  @Test
  void aThrottledAddressIsRefusedBeforeAnyHashing() {
    int before = hasher.burned;
    int hashedBefore = hasher.hashed;
    assertThatThrownBy(
            () ->
                registration(Credentials.Taken.NONE, Optional.of(Duration.ofMinutes(3)))
                    .register(request(), "10.0.0.1", NOW))
        .isInstanceOf(RateLimitedException.class);
    assertThat(hasher.hashed).isEqualTo(hashedBefore);
    assertThat(hasher.burned).isEqualTo(before);
  }

  @Test
  void aTakenEmailIsAnsweredLikeASuccessAfterOneHashsWorthOfWorkAndStoresNothing() {
    int before = hasher.burned;
    int hashedBefore = hasher.hashed;
    AccountRegistration.Request request = request();
    UserView answer =
        registration(Credentials.Taken.EMAIL, Optional.empty()).register(request, "10.0.0.1", NOW);
    assertThat(answer).isEqualTo(new UserView(request.userId(), "someone", "Someone", NOW));
    assertThat(hasher.hashed).isEqualTo(hashedBefore);
    assertThat(hasher.burned).isEqualTo(before + 1);
  }
}
