package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Bans and the owner's say over visibility, against the running app (docs/adr/0101). */
@StandaloneTest
class BanApiTest {
  @LocalServerPort int port;

  Calls api;
  Calls.Actor owner;
  Calls.Actor admin;
  Calls.Actor member;
  Calls.Actor outsider;
  UUID group;

  @BeforeEach
  void publicGroupWithAnAdmin() {
    api = new Calls(port);
    owner = api.newUser("own");
    admin = api.newUser("adm");
    member = api.newUser("mem");
    outsider = api.newUser("out");
    JsonNode created =
        expect(
            api.post(
                owner,
                "/api/groups",
                Map.of(
                    "name",
                    "Open house",
                    "visibility",
                    "public",
                    "memberIds",
                    List.of(admin.id().toString(), member.id().toString()))),
            201);
    group = UUID.fromString(created.path("conversation").path("conversationId").asText());
    expect(
        api.put(
            owner,
            "/api/groups/" + group + "/members/" + admin.id() + "/role",
            Map.of("role", "admin")),
        204);
  }

  private String path(String rest) {
    return "/api/groups/" + group + rest;
  }

  @Test
  void aMemberRemovedWithABanCannotJoinAgainUntilUnbanned() {
    expect(api.delete(admin, path("/members/" + member.id() + "?ban=true")), 204);

    JsonNode refused = expect(api.post(member, path("/join"), Map.of()), 403);
    assertThat(refused.path("detail").asText()).contains("banned");
    expect(api.post(owner, path("/members"), Map.of("userId", member.id().toString())), 403);

    expect(api.delete(admin, path("/bans/" + member.id())), 204);
    JsonNode joined = expect(api.post(member, path("/join"), Map.of()), 200);
    assertThat(joined.path("conversation").path("memberCount").asInt()).isEqualTo(3);
  }

  @Test
  void ownersAndAdminsListBansOthersAreRefused() {
    expect(api.put(admin, path("/bans/" + outsider.id()), Map.of()), 204);
    expect(api.put(admin, path("/bans/" + outsider.id()), Map.of()), 204);

    JsonNode bans =
        Awaiting.until(
            () -> {
              // The directory learns of the group and the ban a moment after they are accepted.
              ApiClient.Response page = api.get(owner, path("/bans"));
              return page.status() == 200 && page.body().path("items").size() == 1
                  ? page.body()
                  : null;
            },
            Duration.ofSeconds(30));
    JsonNode ban = bans.path("items").get(0);
    assertThat(ban.path("userId").asText()).isEqualTo(outsider.id().toString());
    assertThat(ban.path("username").asText()).isEqualTo(outsider.username());
    assertThat(ban.path("bannedBy").asText()).isEqualTo(admin.id().toString());
    expect(api.get(admin, path("/bans")), 200);

    expect(api.get(member, path("/bans")), 403);
    expect(api.get(outsider, path("/bans")), 403);
    expect(api.put(member, path("/bans/" + admin.id()), Map.of()), 403);
  }

  @Test
  void nobodyBansTheOwnerAndAnAdminBansNoAdmin() {
    expect(api.put(admin, path("/bans/" + owner.id()), Map.of()), 403);
    expect(api.delete(admin, path("/members/" + owner.id() + "?ban=true")), 403);
    expect(api.put(admin, path("/bans/" + admin.id()), Map.of()), 409);
    expect(api.put(owner, path("/bans/" + UUID.randomUUID()), Map.of()), 404);
    expect(api.delete(owner, path("/members/" + member.id() + "?ban=maybe")), 400);
  }

  @Test
  void onlyTheOwnerChangesVisibility() {
    expect(api.patch(admin, path(""), Map.of("visibility", "private")), 403);
    expect(api.patch(admin, path(""), Map.of("name", "Renamed by an admin")), 200);
    JsonNode changed = expect(api.patch(owner, path(""), Map.of("visibility", "private")), 200);
    assertThat(changed.path("conversation").path("visibility").asText()).isEqualTo("private");
    expect(api.patch(admin, path(""), Map.of("visibility", "public")), 403);
  }
}
