package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Failed logins are throttled per account (5 in 15 minutes) and per client address (50 in 15
 * minutes): the next attempt is 429 with a Retry-After, even with the right password.
 */
@StandaloneTest
class LoginThrottleTest {
  private static final String PASSWORD = "throttle password";

  @LocalServerPort int port;

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void assertThrottled(AuthHttp.Reply reply) {
    assertThat(reply.status()).as(reply.raw()).isEqualTo(429);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.body().path("type").asText()).endsWith("rate-limited");
    long retryAfter = Long.parseLong(reply.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 15 * 60L);
  }

  @Test
  void anAccountGuessedFromManyAddressesLocksForEveryoneUntilTheWindowEnds() {
    AuthHttp base = new AuthHttp(port);
    String name = unique("lock");
    assertThat(
            base.from(AuthHttp.freshAddress())
                .register(name, name + "@example.test", PASSWORD)
                .status())
        .isEqualTo(201);

    for (int i = 0; i < 5; i++) {
      assertThat(base.from(AuthHttp.freshAddress()).login(name, "guess " + i, null).status())
          .isEqualTo(401);
    }
    assertThrottled(base.from(AuthHttp.freshAddress()).login(name, "guess 5", null));
    // the right password does not get through either: otherwise the lock would be an oracle
    assertThrottled(
        base.from(AuthHttp.freshAddress()).login(name + "@EXAMPLE.test", PASSWORD, null));

    String other = unique("free");
    base.from(AuthHttp.freshAddress()).register(other, other + "@example.test", PASSWORD);
    assertThat(base.from(AuthHttp.freshAddress()).login(other, PASSWORD, null).status())
        .isEqualTo(200);
  }

  @Test
  void aSuccessfulLoginClearsTheAccountsFailures() {
    AuthHttp api = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = unique("reset");
    api.register(name, name + "@example.test", PASSWORD);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        assertThat(api.login(name, "wrong " + i, null).status()).isEqualTo(401);
      }
      assertThat(api.login(name, PASSWORD, null).status()).isEqualTo(200);
    }
  }

  @Test
  void unknownNamesAreThrottledLikeAccountsSoA429RevealsNothing() {
    AuthHttp base = new AuthHttp(port);
    String ghost = unique("ghost");
    for (int i = 0; i < 5; i++) {
      assertThat(base.from(AuthHttp.freshAddress()).login(ghost, PASSWORD, null).status())
          .isEqualTo(401);
    }
    assertThrottled(base.from(AuthHttp.freshAddress()).login(ghost, PASSWORD, null));
  }

  @Test
  void oneAddressGuessingManyAccountsIsThrottledWhileOtherAddressesAreNot() {
    AuthHttp attacker = new AuthHttp(port).from(AuthHttp.freshAddress());
    for (int i = 0; i < 50; i++) {
      assertThat(attacker.login(unique("victim"), PASSWORD, null).status()).isEqualTo(401);
    }
    assertThrottled(attacker.login(unique("victim"), PASSWORD, null));

    String name = unique("bystander");
    AuthHttp bystander = new AuthHttp(port).from(AuthHttp.freshAddress());
    bystander.register(name, name + "@example.test", PASSWORD);
    assertThrottled(attacker.login(name, PASSWORD, null));
    assertThat(bystander.login(name, PASSWORD, null).status()).isEqualTo(200);
  }

  @Test
  void guessingTheCurrentPasswordOfASignedInAccountIsThrottledToo() {
    AuthHttp api = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = unique("pwguess");
    api.register(name, name + "@example.test", PASSWORD);
    String token = api.login(name, PASSWORD, null).body().path("accessToken").asText();
    java.util.Map<String, String> guess =
        java.util.Map.of("currentPassword", "nope nope", "newPassword", "whatever new");
    for (int i = 0; i < 5; i++) {
      assertThat(api.post("/api/me/password", token, guess).status()).isEqualTo(403);
    }
    assertThrottled(api.post("/api/me/password", token, guess));
  }
}
