package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * DELETE /api/me: the password is confirmed, every session ends, the account leaves its groups
 * (handing on the ones it owns), its direct conversations and messages stay for the others with the
 * sender shown as a deleted user, it leaves user search and its credentials stop working.
 */
@StandaloneTest
class AccountDeletionApiTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @LocalServerPort int port;
  @Autowired io.parley.support.admin.ManagementPort managementPort;
  @Autowired org.springframework.core.env.ConfigurableEnvironment environment;
  AuthHttp auth;

  record Account(String id, String username, String email, String access, String refresh) {}

  @BeforeEach
  void client() {
    auth = new AuthHttp(port).from(AuthHttp.freshAddress());
  }

  private Account account(String prefix) {
    String username = prefix + UUID.randomUUID().toString().substring(0, 8);
    String email = username + "@example.test";
    AuthHttp.Reply registered = auth.register(username, email, TestUsers.PASSWORD);
    assertThat(registered.status()).isEqualTo(201);
    AuthHttp.Reply login = auth.login(username, TestUsers.PASSWORD, prefix + " device");
    assertThat(login.status()).isEqualTo(200);
    return new Account(
        registered.body().path("user").path("userId").asText(),
        username,
        email,
        login.body().path("accessToken").asText(),
        login.body().path("refreshToken").asText());
  }

  private String group(Account owner, String name, String visibility, Account... members) {
    AuthHttp.Reply created =
        auth.post(
            "/api/groups",
            owner.access(),
            Map.of(
                "name",
                name,
                "visibility",
                visibility,
                "memberIds",
                List.of(members).stream().map(Account::id).toList()));
    assertThat(created.status()).isEqualTo(201);
    return created.body().path("conversation").path("conversationId").asText();
  }

  private JsonNode await(String path, Account viewer, Predicate<JsonNode> settled) {
    return Awaiting.until(
        () -> {
          AuthHttp.Reply reply = auth.get(path, viewer.access());
          return reply.status() == 200 && settled.test(reply.body()) ? reply.body() : null;
        },
        WAIT);
  }

  private static List<JsonNode> items(JsonNode page) {
    return StreamSupport.stream(page.path("items").spliterator(), false).toList();
  }

  private static boolean lists(JsonNode page, String userId) {
    return items(page).stream().anyMatch(i -> userId.equals(i.path("userId").asText()));
  }

  private String roleOf(JsonNode members, String userId) {
    return items(members).stream()
        .filter(m -> userId.equals(m.path("userId").asText()))
        .map(m -> m.path("role").asText())
        .findFirst()
        .orElse(null);
  }

  @Test
  void aWrongOrMissingPasswordDeletesNothing() {
    Account alice = account("del");

    AuthHttp.Reply wrong =
        auth.send("DELETE", "/api/me", alice.access(), Map.of("password", "not the password"));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");

    AuthHttp.Reply missing = auth.send("DELETE", "/api/me", alice.access(), Map.of());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().path("errors").findValuesAsText("field")).contains("password");
    assertThat(auth.send("DELETE", "/api/me", null, Map.of("password", "x")).status())
        .isEqualTo(401);

    assertThat(auth.get("/api/me", alice.access()).status()).isEqualTo(200);
    assertThat(auth.login(alice.username(), TestUsers.PASSWORD, null).status()).isEqualTo(200);
  }

  @Test
  void deletingAnAccountHandsOnItsGroupsKeepsItsHistoryAndErasesItsLogin() {
    Account alice = account("del");
    Account carol = account("car");
    Account bob = account("bob");
    String heirs = group(alice, "Heirs", "private", carol, bob);
    assertThat(
            auth.send(
                    "PUT",
                    "/api/groups/" + heirs + "/members/" + bob.id() + "/role",
                    alice.access(),
                    Map.of("role", "admin"))
                .status())
        .isEqualTo(204);
    String noAdmins = group(alice, "No admins", "private", carol, bob);
    String solo = group(alice, "Solo", "public");
    AuthHttp.Reply direct =
        auth.post("/api/conversations/direct", alice.access(), Map.of("userId", carol.id()));
    assertThat(direct.status()).isEqualTo(200);
    String dm = direct.body().path("conversation").path("conversationId").asText();
    AuthHttp.Reply sent =
        auth.post(
            "/api/conversations/" + dm + "/messages",
            alice.access(),
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "goodbye"));
    assertThat(sent.status()).isEqualTo(201);
    await(
        "/api/users?query=" + alice.username(),
        carol,
        page -> lists(page, alice.id())); // searchable before

    AuthHttp.Reply deleted =
        auth.send("DELETE", "/api/me", alice.access(), Map.of("password", TestUsers.PASSWORD));
    assertThat(deleted.status()).isEqualTo(204);

    // every credential stops working (an access token as soon as every service saw the session end)
    Awaiting.until(() -> auth.get("/api/me", alice.access()).status() == 401 ? true : null, WAIT);
    assertThat(auth.refresh(alice.refresh()).status()).isEqualTo(401);
    assertThat(auth.login(alice.username(), TestUsers.PASSWORD, null).status()).isEqualTo(401);
    assertThat(auth.login(alice.email(), TestUsers.PASSWORD, null).status()).isEqualTo(401);

    // an owned group passes to the longest-standing admin, else member; an empty one stays empty
    JsonNode heirMembers =
        await(
            "/api/conversations/" + heirs + "/members",
            bob,
            page -> !lists(page, alice.id()) && "owner".equals(roleOf(page, bob.id())));
    assertThat(roleOf(heirMembers, carol.id())).isEqualTo("member");
    await(
        "/api/conversations/" + noAdmins + "/members",
        carol,
        page -> !lists(page, alice.id()) && "owner".equals(roleOf(page, carol.id())));
    JsonNode soloView =
        await(
            "/api/conversations/" + solo,
            carol,
            view -> view.path("conversation").path("memberCount").asInt() == 0);
    assertThat(items(soloView.path("members"))).isEmpty();

    // the direct conversation and the message stay for the peer, from a deleted user
    JsonNode dmView =
        await(
            "/api/conversations/" + dm,
            carol,
            view ->
                items(view.path("members")).stream()
                    .anyMatch(
                        m ->
                            alice.id().equals(m.path("userId").asText())
                                && "Deleted user".equals(m.path("displayName").asText())));
    assertThat(dmView.path("conversation").path("memberCount").asInt()).isEqualTo(2);
    JsonNode history = await("/api/conversations/" + dm + "/messages", carol, page -> true);
    assertThat(items(history))
        .anyMatch(
            m ->
                alice.id().equals(m.path("senderId").asText())
                    && "goodbye".equals(m.path("body").asText()));
    JsonNode profile =
        await(
            "/api/users/" + alice.id(),
            carol,
            body -> "Deleted user".equals(body.path("user").path("displayName").asText()));
    assertThat(profile.path("user").path("avatarId").isNull()).isTrue();

    // gone from search; the username stays reserved, the email is free again
    await("/api/users?query=" + alice.username(), carol, page -> !lists(page, alice.id()));
    assertThat(
            auth.register(alice.username(), "other-" + alice.email(), TestUsers.PASSWORD).status())
        .isEqualTo(409);
    String successor = "new" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(auth.register(successor, alice.email(), TestUsers.PASSWORD).status()).isEqualTo(201);
    AuthHttp.Reply newcomer = auth.login(alice.email(), TestUsers.PASSWORD, null);
    assertThat(newcomer.status()).isEqualTo(200);
    assertThat(newcomer.body().path("user").path("userId").asText()).isNotEqualTo(alice.id());

    // adding the deleted account to a group or opening a conversation with it is refused
    assertThat(
            auth.post(
                    "/api/groups/" + heirs + "/members", bob.access(), Map.of("userId", alice.id()))
                .status())
        .isGreaterThanOrEqualTo(400)
        .isLessThan(500);
  }

  @Test
  void aReplayOfTheUserDirectoryEndsWithTheAccountDeletedAndVerifyAgrees() {
    Account alice = account("rep");
    Account carol = account("rec");
    assertThat(
            auth.patch("/api/me", alice.access(), Map.of("displayName", "Renamed Before")).status())
        .isEqualTo(200);
    assertThat(
            auth.send("DELETE", "/api/me", alice.access(), Map.of("password", TestUsers.PASSWORD))
                .status())
        .isEqualTo(204);
    await(
        "/api/users/" + alice.id(),
        carol,
        body -> "Deleted user".equals(body.path("user").path("displayName").asText()));

    Operator operator = Operator.signIn(managementPort, environment);
    ApiClient ops = operator.api();
    assertThat(
            ops.post("/api/admin/processors/user-directory/replay", operator.token(), Map.of())
                .status())
        .isEqualTo(202);
    Awaiting.until(
        () -> {
          JsonNode status =
              ops.get("/api/admin/processors/user-directory", operator.token()).body();
          return status.path("caughtUp").asBoolean() && !status.path("replaying").asBoolean()
              ? true
              : null;
        },
        Duration.ofSeconds(60));

    JsonNode profile = await("/api/users/" + alice.id(), carol, body -> true);
    assertThat(profile.path("user").path("displayName").asText()).isEqualTo("Deleted user");
    await("/api/users?query=" + alice.username(), carol, page -> !lists(page, alice.id()));
    ApiClient.Response verify =
        ops.post("/api/admin/processors/user-directory/verify", operator.token(), Map.of());
    assertThat(verify.status()).isEqualTo(200);
    assertThat(verify.body().path("differences").toString()).doesNotContain(alice.id());
  }
}
