package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every invalid input of the auth table answered 400 naming each bad field, the limits of API.md
 * exactly at their edges, taken usernames 409 and missing credentials 401. {@link AuthHttp} checks
 * every answer for 5xx, stack traces and hashes.
 */
@StandaloneTest
class AuthInputTest {
  private static final String PASSWORD = "a fine password";

  @LocalServerPort int port;
  private AuthHttp api;

  @BeforeEach
  void client() {
    api = new AuthHttp(port).from(AuthHttp.freshAddress());
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private AuthHttp.Reply register(Map<String, Object> body) {
    return api.post("/api/auth/register", null, body);
  }

  private static Map<String, Object> registration(String name) {
    Map<String, Object> body = new HashMap<>();
    body.put("username", name);
    body.put("email", name + "@example.test");
    body.put("password", PASSWORD);
    return body;
  }

  private void assertInvalid(AuthHttp.Reply reply, String... fields) {
    assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    assertThat(reply.body().path("type").asText()).isNotBlank();
    assertThat(reply.body().path("status").asInt()).isEqualTo(400);
    assertThat(reply.fields()).containsExactlyInAnyOrder(fields);
  }

  private String token(String name) {
    api.register(name, name + "@example.test", PASSWORD);
    return api.login(name, PASSWORD, null).body().path("accessToken").asText();
  }

  @Test
  void aRegistrationWithEveryFieldWrongListsEveryField() {
    assertInvalid(
        register(Map.of("username", "x", "email", "nope", "password", "short", "displayName", "")),
        "username",
        "email",
        "password",
        "displayName");
    assertInvalid(register(Map.of()), "username", "email", "password");
  }

  @Test
  void usernamesMustBeThreeToThirtyTwoOfTheAllowedCharacters() {
    for (String bad :
        new String[] {"ab", "a".repeat(33), "with space", "émile", "semi;colon", "at@sign", ""}) {
      Map<String, Object> body = registration(bad);
      body.put("email", unique("bad") + "@example.test");
      assertInvalid(register(body), "username");
    }
    String three = UUID.randomUUID().toString().substring(0, 3).replace('-', '_');
    AuthHttp.Reply shortest = register(registration(three));
    assertThat(shortest.status()).as(shortest.raw()).isIn(201, 409);
    String longest = unique("l.-_").concat("x".repeat(20));
    assertThat(longest).hasSize(32);
    assertThat(register(registration(longest)).status()).isEqualTo(201);
  }

  @Test
  void passwordsMustBeEightToOneHundredTwentyEightCharacters() {
    Map<String, Object> seven = registration(unique("pw"));
    seven.put("password", "1234567");
    assertInvalid(register(seven), "password");
    Map<String, Object> tooLong = registration(unique("pw"));
    tooLong.put("password", "p".repeat(129));
    assertInvalid(register(tooLong), "password");

    String eightName = unique("pw");
    Map<String, Object> eight = registration(eightName);
    eight.put("password", "12345678");
    assertThat(register(eight).status()).isEqualTo(201);
    assertThat(api.login(eightName, "12345678", null).status()).isEqualTo(200);

    // 128 characters of 4-byte emoji: 512 bytes, far past what bcrypt itself reads
    String longestName = unique("pw");
    String longest = "\uD83D\uDD11".repeat(127) + "x";
    Map<String, Object> max = registration(longestName);
    max.put("password", longest);
    assertThat(register(max).status()).isEqualTo(201);
    assertThat(api.login(longestName, longest, null).status()).isEqualTo(200);
    assertThat(api.login(longestName, "\uD83D\uDD11".repeat(127) + "y", null).status())
        .isEqualTo(401);
  }

  @Test
  void displayNamesMustBeOneToSixtyFourVisibleCharacters() {
    for (String bad : new String[] {"", "   ", "x".repeat(65), "bell\u0007", "new\nline"}) {
      Map<String, Object> body = registration(unique("dn"));
      body.put("displayName", bad);
      assertInvalid(register(body), "displayName");
    }
    Map<String, Object> max = registration(unique("dn"));
    max.put("displayName", "\uD83D\uDE00".repeat(64));
    AuthHttp.Reply ok = register(max);
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.user().path("displayName").asText()).isEqualTo("\uD83D\uDE00".repeat(64));
  }

  @Test
  void emailsMustBeAddresses() {
    for (String bad : new String[] {"", "plain", "a@b", "two@@example.test", "sp ace@x.test"}) {
      Map<String, Object> body = registration(unique("em"));
      body.put("email", bad);
      assertInvalid(register(body), "email");
    }
  }

  @Test
  void aTakenUsernameIsAConflictWhateverItsCaseAndATakenEmailIsNotSaid() {
    String name = unique("taken");
    assertThat(register(registration(name)).status()).isEqualTo(201);

    Map<String, Object> sameName = registration(name.toUpperCase());
    sameName.put("email", unique("other") + "@example.test");
    AuthHttp.Reply nameTaken = register(sameName);
    assertThat(nameTaken.status()).isEqualTo(409);
    assertThat(nameTaken.body().path("type").asText()).endsWith("username-taken");

    // answered like a success so registration does not reveal emails (ADR 0090); nothing created
    Map<String, Object> sameEmail = registration(unique("fresh"));
    sameEmail.put("email", name.toUpperCase() + "@EXAMPLE.test");
    AuthHttp.Reply emailTaken = register(sameEmail);
    assertThat(emailTaken.status()).isEqualTo(201);
    assertThat(emailTaken.raw()).doesNotContain("email", "taken");
    assertThat(api.login((String) sameEmail.get("username"), PASSWORD, null).status())
        .isEqualTo(401);
  }

  @Test
  void malformedBodiesAndWrongContentTypesAreRefusedCleanly() {
    assertThat(
            api.raw("POST", "/api/auth/register", null, "{not json", "application/json").status())
        .isEqualTo(400);
    assertThat(api.raw("POST", "/api/auth/register", null, "", "application/json").status())
        .isEqualTo(400);
    assertThat(api.raw("POST", "/api/auth/register", null, "null", "application/json").status())
        .isEqualTo(400);
    assertThat(
            api.raw("POST", "/api/auth/register", null, "{\"username\":[1]}", "application/json")
                .status())
        .isEqualTo(400);
    assertThat(api.raw("POST", "/api/auth/login", null, "login=a", "text/plain").status())
        .isEqualTo(415);
  }

  @Test
  void loginRefreshAndLogoutListTheirMissingFields() {
    assertInvalid(api.post("/api/auth/login", null, Map.of()), "login", "password");
    assertInvalid(
        api.post(
            "/api/auth/login",
            null,
            Map.of("login", "someone", "password", "whatever1", "deviceName", "d".repeat(101))),
        "deviceName");
    assertInvalid(api.post("/api/auth/refresh", null, Map.of()), "refreshToken");
    assertInvalid(
        api.post("/api/auth/refresh", null, Map.of("refreshToken", "r".repeat(300))),
        "refreshToken");
    assertInvalid(api.post("/api/auth/logout", null, Map.of("refreshToken", "")), "refreshToken");
  }

  @Test
  void profileAndPasswordChangesListTheirBadFields() {
    String token = token(unique("prof"));
    assertInvalid(api.patch("/api/me", token, Map.of()), "displayName");
    assertInvalid(
        api.patch("/api/me", token, Map.of("displayName", "y".repeat(65))), "displayName");
    assertInvalid(api.post("/api/me/password", token, Map.of()), "currentPassword", "newPassword");
    assertInvalid(
        api.post(
            "/api/me/password", token, Map.of("currentPassword", PASSWORD, "newPassword", "short")),
        "newPassword");
  }

  @Test
  void directoryQueriesListTheirBadParameters() {
    String token = token(unique("dir"));
    assertInvalid(api.get("/api/users?limit=0", token), "limit");
    assertInvalid(api.get("/api/users?limit=201", token), "limit");
    assertInvalid(api.get("/api/users?limit=ten", token), "limit");
    assertInvalid(api.get("/api/users?cursor=%21%21", token), "cursor");
    assertInvalid(api.get("/api/users?query=" + "q".repeat(65), token), "query");
    assertInvalid(api.get("/api/users/not-a-uuid", token), "userId");
    assertThat(api.get("/api/users/" + UUID.randomUUID(), token).status()).isEqualTo(404);
  }

  @Test
  void withoutRightCredentialsTheAnswerIs401() {
    String name = unique("cred");
    api.register(name, name + "@example.test", PASSWORD);

    AuthHttp.Reply wrongPassword = api.login(name, "not " + PASSWORD, null);
    assertThat(wrongPassword.status()).isEqualTo(401);
    AuthHttp.Reply unknownUser = api.login(unique("ghost"), PASSWORD, null);
    assertThat(unknownUser.status()).isEqualTo(401);
    assertThat(unknownUser.body().path("detail").asText())
        .as("an unknown name reads exactly like a wrong password")
        .isEqualTo(wrongPassword.body().path("detail").asText());

    assertThat(api.refresh("no-such-refresh-token").status()).isEqualTo(401);
    assertThat(api.logout("no-such-refresh-token").status()).isEqualTo(401);
    for (String path : new String[] {"/api/me", "/api/users", "/api/users/" + UUID.randomUUID()}) {
      AuthHttp.Reply anonymous = api.get(path, null);
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
    assertThat(api.patch("/api/me", null, Map.of("displayName", "x")).status()).isEqualTo(401);
    assertThat(api.post("/api/me/password", null, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void noAnswerContainsAnotherUsersTokenOrAnyEmail() {
    String name = unique("priv");
    AuthHttp.Reply registered = api.register(name, name + "@example.test", PASSWORD);
    AuthHttp.Reply login = api.login(name, PASSWORD, null);
    String token = login.body().path("accessToken").asText();

    String other = unique("peer");
    String otherId =
        api.register(other, other + "@example.test", PASSWORD).user().path("userId").asText();
    AuthHttp.Reply otherLogin = api.login(other, PASSWORD, null);

    for (AuthHttp.Reply reply :
        new AuthHttp.Reply[] {
          registered,
          login,
          api.get("/api/users/" + otherId, token),
          api.get("/api/users?query=" + other, token),
          api.get("/api/me", token)
        }) {
      assertThat(reply.raw())
          .doesNotContain(otherLogin.body().path("accessToken").asText())
          .doesNotContain(otherLogin.body().path("refreshToken").asText())
          .doesNotContain("@example.test")
          .doesNotContain(PASSWORD);
    }
  }
}
