package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Failed logins are throttled per (account, address) (5 in 15 minutes); unless the account logged
 * in from that address before, also per account from everywhere (50) and per address for all
 * accounts (50). The next attempt is 429 with a Retry-After, even with the right password, and an
 * unknown name is throttled exactly like an account. IPv6 addresses count per /64. See ADR 0012.
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

  private String registered(AuthHttp api, String prefix) {
    String name = unique(prefix);
    assertThat(api.register(name, name + "@example.test", PASSWORD).status()).isEqualTo(201);
    return name;
  }

  @Test
  void aScannerBehindAnOfficesAddressDoesNotLockOutColleaguesWhoLoggedInThereBefore() {
    AuthHttp office = new AuthHttp(port).from(AuthHttp.freshAddress());
    String colleague = registered(office, "office");
    assertThat(office.login(colleague, PASSWORD, "desk").status()).isEqualTo(200);

    for (int i = 0; i < 50; i++) {
      assertThat(office.login(unique("scan"), "guess " + i, null).status()).isEqualTo(401);
    }
    assertThrottled(office.login(unique("scan"), "one more", null));

    // the right password of an account known from this address is not refused with the scanner
    assertThat(office.login(colleague, PASSWORD, "desk").status()).isEqualTo(200);
    assertThat(office.login(colleague.toUpperCase() + "@example.test", PASSWORD, null).status())
        .isEqualTo(200);
  }

  @Test
  void anAccountGuessedFromOneAddressIsLockedForThatAddressOnly() {
    AuthHttp base = new AuthHttp(port);
    AuthHttp guesser = base.from(AuthHttp.freshAddress());
    String name = registered(base.from(AuthHttp.freshAddress()), "pair");

    for (int i = 0; i < 5; i++) {
      assertThat(guesser.login(name, "guess " + i, null).status()).isEqualTo(401);
    }
    assertThrottled(guesser.login(name, "guess 5", null));
    // the right password does not get through there either: otherwise the lock would be an oracle
    assertThrottled(guesser.login(name, PASSWORD, null));

    assertThat(base.from(AuthHttp.freshAddress()).login(name, PASSWORD, null).status())
        .isEqualTo(200);
  }

  @Test
  void anAccountGuessedFromManyAddressesLocksNewAddressesButNotOnesItUsedBefore() {
    AuthHttp base = new AuthHttp(port);
    AuthHttp home = base.from(AuthHttp.freshAddress());
    String name = registered(home, "spread");
    assertThat(home.login(name, PASSWORD, null).status()).isEqualTo(200);

    for (int i = 0; i < 50; i++) {
      assertThat(base.from(AuthHttp.freshAddress()).login(name, "guess " + i, null).status())
          .isEqualTo(401);
    }
    assertThrottled(base.from(AuthHttp.freshAddress()).login(name, "guess 50", null));
    assertThrottled(base.from(AuthHttp.freshAddress()).login(name, PASSWORD, null));

    assertThat(home.login(name, PASSWORD, null).status()).isEqualTo(200);
  }

  @Test
  void aSuccessfulLoginClearsTheAccountsFailures() {
    AuthHttp api = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = registered(api, "reset");
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
    AuthHttp guesser = base.from(AuthHttp.freshAddress());
    String ghost = unique("ghost");
    String real = registered(base.from(AuthHttp.freshAddress()), "real");
    for (String name : new String[] {ghost, real}) {
      for (int i = 0; i < 5; i++) {
        assertThat(guesser.login(name, "guess " + i, null).status()).isEqualTo(401);
      }
      assertThrottled(guesser.login(name, PASSWORD, null));
    }

    String spreadGhost = unique("ghost");
    for (int i = 0; i < 50; i++) {
      assertThat(base.from(AuthHttp.freshAddress()).login(spreadGhost, PASSWORD, null).status())
          .isEqualTo(401);
    }
    assertThrottled(base.from(AuthHttp.freshAddress()).login(spreadGhost, PASSWORD, null));
  }

  @Test
  void oneAddressGuessingManyAccountsIsThrottledWhileOtherAddressesAreNot() {
    AuthHttp attacker = new AuthHttp(port).from(AuthHttp.freshAddress());
    for (int i = 0; i < 50; i++) {
      assertThat(attacker.login(unique("victim"), PASSWORD, null).status()).isEqualTo(401);
    }
    assertThrottled(attacker.login(unique("victim"), PASSWORD, null));

    AuthHttp bystander = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = registered(bystander, "bystander");
    assertThrottled(attacker.login(name, PASSWORD, null));
    assertThat(bystander.login(name, PASSWORD, null).status()).isEqualTo(200);
  }

  @Test
  void anIpv6ClientIsCountedByItsSlash64() {
    AuthHttp base = new AuthHttp(port);
    int n = UUID.randomUUID().hashCode() & 0xffff;
    String prefix = "2001:db8:" + Integer.toHexString(n) + ":1:";
    for (int i = 0; i < 50; i++) {
      String address = prefix + Integer.toHexString(i + 1) + "::" + Integer.toHexString(i);
      assertThat(base.from(address).login(unique("v6"), PASSWORD, null).status()).isEqualTo(401);
    }
    assertThrottled(base.from(prefix + "ffff:ffff:ffff:ffff").login(unique("v6"), PASSWORD, null));

    String neighbour = "2001:db8:" + Integer.toHexString(n) + ":2::1";
    assertThat(base.from(neighbour).login(unique("v6"), PASSWORD, null).status()).isEqualTo(401);
  }

  @Test
  void guessingTheCurrentPasswordOfASignedInAccountIsThrottledToo() {
    AuthHttp api = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = registered(api, "pwguess");
    String token = api.login(name, PASSWORD, null).body().path("accessToken").asText();
    Map<String, String> guess = Map.of("currentPassword", "nope nope", "newPassword", "whatever");
    for (int i = 0; i < 5; i++) {
      assertThat(api.post("/api/me/password", token, guess).status()).isEqualTo(403);
    }
    assertThrottled(api.post("/api/me/password", token, guess));
  }
}
