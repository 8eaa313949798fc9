package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Registration cannot be used to mass-create accounts from one address nor to learn which emails
 * have accounts (ADR 0090): 30 registrations per address and hour, then 429 with Retry-After; a
 * taken email is answered exactly like a success and creates nothing.
 */
@StandaloneTest
class RegistrationAbuseTest {
  private static final String PASSWORD = "registration password";

  @LocalServerPort int port;

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void registrationsFromOneAddressAreThrottledWhileOtherAddressesGoOn() {
    AuthHttp base = new AuthHttp(port);
    AuthHttp farm = base.from(AuthHttp.freshAddress());
    for (int i = 0; i < 30; i++) {
      String name = unique("farm");
      assertThat(farm.register(name, name + "@example.test", PASSWORD).status()).isEqualTo(201);
    }
    String next = unique("farm");
    AuthHttp.Reply refused = farm.register(next, next + "@example.test", PASSWORD);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.body().path("type").asText()).endsWith("rate-limited");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
    assertThat(farm.login(next, PASSWORD, null).status()).as("nothing was created").isEqualTo(401);

    assertThat(base.from(AuthHttp.freshAddress()).register(next, next + "@example.test", PASSWORD))
        .extracting(AuthHttp.Reply::status)
        .isEqualTo(201);
  }

  @Test
  void aTakenEmailIsAnsweredLikeASuccessAndCreatesNothing() {
    AuthHttp api = new AuthHttp(port).from(AuthHttp.freshAddress());
    String owner = unique("owner");
    String email = owner + "@example.test";
    AuthHttp.Reply first = api.register(owner, email, PASSWORD);
    assertThat(first.status()).isEqualTo(201);

    String prober = unique("prober");
    AuthHttp.Reply probe = api.register(prober, email.toUpperCase(), "prober password");
    assertThat(probe.status()).as(probe.raw()).isEqualTo(201);
    assertThat(probe.header("Content-Type")).isEqualTo(first.header("Content-Type"));
    assertThat(probe.body().fieldNames()).toIterable().containsExactly("user");
    assertThat(probe.user().fieldNames())
        .toIterable()
        .containsExactlyElementsOf(() -> first.user().fieldNames());
    assertThat(probe.user().path("username").asText()).isEqualTo(prober);
    assertThat(probe.user().path("userId").asText())
        .isNotEqualTo(first.user().path("userId").asText());

    // nothing was created: the name is still free and the email still logs in to its owner
    assertThat(api.login(prober, "prober password", null).status()).isEqualTo(401);
    AuthHttp.Reply byEmail = api.login(email, PASSWORD, null);
    assertThat(byEmail.status()).isEqualTo(200);
    assertThat(byEmail.user().path("username").asText()).isEqualTo(owner);
    assertThat(api.register(prober, unique("own") + "@example.test", PASSWORD).status())
        .isEqualTo(201);
  }

  @Test
  void aTakenUsernameIsAConflictBecauseUsernamesArePublic() {
    AuthHttp api = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = unique("public");
    assertThat(api.register(name, name + "@example.test", PASSWORD).status()).isEqualTo(201);

    AuthHttp.Reply taken =
        api.register(name.toUpperCase(), unique("x") + "@example.test", PASSWORD);
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.body().path("type").asText()).endsWith("username-taken");
    // a taken username with a taken email still only says what is public
    AuthHttp.Reply both = api.register(name, name + "@example.test", PASSWORD);
    assertThat(both.status()).isEqualTo(409);
    assertThat(both.body().path("type").asText()).endsWith("username-taken");
  }
}
