package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole life of an account over HTTP against the running app: register, log in on several
 * devices, refresh, reuse of a spent refresh token, logout, profile and password changes.
 */
@StandaloneTest
class AuthLifecycleTest {
  private static final String PASSWORD = "first password 1";
  private static final String NEW_PASSWORD = "second password 2";

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  private AuthHttp api() {
    return new AuthHttp(port).from(AuthHttp.freshAddress());
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void registerLogInOnTwoDevicesRefreshDetectReuseLogOutAndChangePassword() {
    AuthHttp api = api();
    String name = unique("life");

    AuthHttp.Reply registered = api.register(name, name + "@Example.test", PASSWORD);
    assertThat(registered.status()).isEqualTo(201);
    JsonNode user = registered.user();
    String userId = user.path("userId").asText();
    assertThat(user.path("username").asText()).isEqualTo(name);
    assertThat(user.path("displayName").asText()).isEqualTo(name);
    assertThat(user.path("createdAt").asText()).endsWith("Z");
    assertThat(registered.raw()).doesNotContain(PASSWORD, "@Example.test");

    AuthHttp.Reply phone = api.login(name, PASSWORD, "phone");
    AuthHttp.Reply laptop = api.login(name + "@example.TEST", PASSWORD, "laptop");
    for (AuthHttp.Reply login : List.of(phone, laptop)) {
      assertThat(login.status()).isEqualTo(200);
      assertThat(login.body().path("accessToken").asText()).isNotBlank();
      assertThat(login.body().path("refreshToken").asText()).isNotBlank();
      assertThat(login.body().path("expiresIn").asLong()).isEqualTo(900);
      assertThat(login.user().path("userId").asText()).isEqualTo(userId);
    }
    assertThat(phone.body().path("refreshToken").asText())
        .isNotEqualTo(laptop.body().path("refreshToken").asText());

    JsonNode me =
        Awaiting.until(
            () -> {
              AuthHttp.Reply reply = api.get("/api/me", phone.body().path("accessToken").asText());
              return reply.status() == 200 ? reply.user() : null;
            },
            Duration.ofSeconds(10));
    assertThat(me.path("userId").asText()).isEqualTo(userId);
    // one createdAt everywhere: times are kept to the millisecond, which Postgres stores exactly
    assertThat(me.path("createdAt").asText()).isEqualTo(user.path("createdAt").asText());
    assertThat(phone.user().path("createdAt").asText()).isEqualTo(user.path("createdAt").asText());

    // refresh rotates: a new pair, and the old refresh token is spent
    String phoneSpent = phone.body().path("refreshToken").asText();
    AuthHttp.Reply refreshed = api.refresh(phoneSpent);
    assertThat(refreshed.status()).isEqualTo(200);
    String phoneRefresh = refreshed.body().path("refreshToken").asText();
    assertThat(phoneRefresh).isNotEqualTo(phoneSpent);
    assertThat(refreshed.user().path("userId").asText()).isEqualTo(userId);
    assertThat(api.get("/api/me", refreshed.body().path("accessToken").asText()).status())
        .isEqualTo(200);

    // presenting the spent one again after the reload grace (ADR 0091) revokes the phone's
    // session, and only the phone's
    jdbc.update(
        "UPDATE refresh_token SET spent_at = spent_at - interval '1 minute'"
            + " WHERE token_hash = sha256(convert_to(?, 'UTF8'))",
        phoneSpent);
    AuthHttp.Reply reused = api.refresh(phoneSpent);
    assertThat(reused.status()).isEqualTo(401);
    assertThat(reused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(api.refresh(phoneRefresh).status()).isEqualTo(401);
    AuthHttp.Reply laptopRefreshed = api.refresh(laptop.body().path("refreshToken").asText());
    assertThat(laptopRefreshed.status()).isEqualTo(200);
    String laptopRefresh = laptopRefreshed.body().path("refreshToken").asText();

    // logout ends the laptop's session, its unexpired access token included; again is harmless
    String laptopAccess = laptopRefreshed.body().path("accessToken").asText();
    assertThat(api.get("/api/me", laptopAccess).status()).isEqualTo(200);
    assertThat(api.logout(laptopRefresh).status()).isEqualTo(204);
    assertThat(api.refresh(laptopRefresh).status()).isEqualTo(401);
    assertThat(api.logout(laptopRefresh).status()).isEqualTo(204);
    awaitRefused(api, laptopAccess);

    // a password change ends every other device, not the one that made it
    AuthHttp.Reply desk = api.login(name, PASSWORD, "desk");
    AuthHttp.Reply tablet = api.login(name, PASSWORD, "tablet");
    AuthHttp.Reply changed =
        api.post(
            "/api/me/password",
            desk.body().path("accessToken").asText(),
            Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));
    assertThat(changed.status()).isEqualTo(204);
    assertThat(api.refresh(tablet.body().path("refreshToken").asText()).status()).isEqualTo(401);
    awaitRefused(api, tablet.body().path("accessToken").asText());
    assertThat(api.get("/api/me", desk.body().path("accessToken").asText()).status())
        .isEqualTo(200);
    assertThat(api.refresh(desk.body().path("refreshToken").asText()).status()).isEqualTo(200);
    assertThat(api.login(name, PASSWORD, null).status()).isEqualTo(401);
    assertThat(api.login(name, NEW_PASSWORD, null).status()).isEqualTo(200);

    String userKey = userId;
    List<String> events =
        jdbc.queryForList(
            "SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                + " WHERE aggregateidentifier = ? ORDER BY sequencenumber",
            String.class,
            userKey);
    assertThat(events)
        .anyMatch(e -> e.contains("REFRESH_TOKEN_REUSED"))
        .anyMatch(e -> e.contains("LOGOUT"))
        .anyMatch(e -> e.contains("PASSWORD_CHANGED"))
        .noneMatch(
            e ->
                e.contains(PASSWORD)
                    || e.contains(NEW_PASSWORD)
                    || e.contains("example.test")
                    || e.contains(phoneSpent)
                    || e.contains(phoneRefresh)
                    || e.contains("$2a$"));
  }

  /** Every service learns of an ended session from the event stream, within moments. */
  private static void awaitRefused(AuthHttp api, String accessToken) {
    Awaiting.until(
        () -> api.get("/api/me", accessToken).status() == 401 ? true : null,
        Duration.ofSeconds(10));
  }

  @Test
  void changingTheDisplayNameShowsEverywhereTheUserIsShown() {
    AuthHttp api = api();
    String name = unique("rename");
    String userId =
        api.register(name, name + "@example.test", PASSWORD).user().path("userId").asText();
    String token = api.login(name, PASSWORD, null).body().path("accessToken").asText();

    AuthHttp.Reply patched = api.patch("/api/me", token, Map.of("displayName", "Ren Amed ✨"));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.user().path("displayName").asText()).isEqualTo("Ren Amed ✨");
    assertThat(patched.user().path("userId").asText()).isEqualTo(userId);
    assertThat(patched.user().path("username").asText()).isEqualTo(name);

    // login answers from the command side's own table, which changes with the event
    assertThat(api.login(name, PASSWORD, null).user().path("displayName").asText())
        .isEqualTo("Ren Amed ✨");
    Awaiting.until(
        () ->
            "Ren Amed ✨".equals(api.get("/api/me", token).user().path("displayName").asText())
                ? true
                : null,
        Duration.ofSeconds(10));
    AuthHttp.Reply profile = api.get("/api/users/" + userId, token);
    assertThat(profile.status()).isEqualTo(200);
    assertThat(profile.user().path("displayName").asText()).isEqualTo("Ren Amed ✨");

    // the same change again is accepted and changes nothing
    assertThat(api.patch("/api/me", token, Map.of("displayName", "Ren Amed ✨")).status())
        .isEqualTo(200);
  }

  @Test
  void aPasswordChangeNeedsTheCurrentPassword() {
    AuthHttp api = api();
    String name = unique("guard");
    api.register(name, name + "@example.test", PASSWORD);
    String token = api.login(name, PASSWORD, null).body().path("accessToken").asText();

    AuthHttp.Reply wrong =
        api.post(
            "/api/me/password",
            token,
            Map.of("currentPassword", "not the password", "newPassword", NEW_PASSWORD));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(api.login(name, PASSWORD, null).status()).isEqualTo(200);
  }

  @Test
  void aLoggedOutDeviceCannotChangeThePassword() {
    AuthHttp api = api();
    String name = unique("ended");
    api.register(name, name + "@example.test", PASSWORD);
    AuthHttp.Reply login = api.login(name, PASSWORD, null);
    assertThat(api.logout(login.body().path("refreshToken").asText()).status()).isEqualTo(204);

    AuthHttp.Reply change =
        api.post(
            "/api/me/password",
            login.body().path("accessToken").asText(),
            Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));
    assertThat(change.status()).isEqualTo(401);
    assertThat(api.login(name, PASSWORD, null).status()).isEqualTo(200);
  }
}
