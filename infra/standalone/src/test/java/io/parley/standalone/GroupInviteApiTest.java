package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Invite links, join by name, group activity and deleting a group, against the running app with a
 * real HTTP client and a real socket (docs/adr/0159, 0160, 0161).
 */
@StandaloneTest
class GroupInviteApiTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort int port;

  Calls api;
  Calls.Actor owner;
  Calls.Actor member;
  Calls.Actor guest;
  UUID group;
  String groupName;

  @BeforeEach
  void privateGroup() {
    api = new Calls(port);
    owner = api.newUser("iown");
    member = api.newUser("imem");
    guest = api.newUser("igue");
    group = api.privateGroup(owner, groupName = "Backroom " + UUID.randomUUID(), member);
  }

  private String path(String rest) {
    return "/api/groups/" + group + rest;
  }

  private String createInvite(Map<String, Object> body) {
    JsonNode invite = expect(api.post(owner, path("/invites"), body), 201).path("invite");
    String code = invite.path("code").asText();
    assertThat(code).matches("[A-Za-z0-9_-]{24}");
    return code;
  }

  @Test
  void aGuestPreviewsAndJoinsAPrivateGroupByLinkOnceAndTheUseIsCounted() {
    String code = createInvite(Map.of("expiresInSeconds", 3600, "maxUses", 1));
    JsonNode preview =
        Awaiting.until(
            () -> {
              // The preview is the directory's: it learns of the link a moment after it is made.
              ApiClient.Response answer = api.get(guest, "/api/invites/" + code);
              return answer.status() == 200 ? answer.body() : null;
            },
            WAIT);
    assertThat(preview.path("group").path("conversationId").asText()).isEqualTo(group.toString());
    assertThat(preview.path("member").asBoolean()).isFalse();

    JsonNode joined = expect(api.post(guest, "/api/invites/" + code + "/join", null), 200);
    assertThat(joined.path("conversation").path("memberCount").asInt()).isEqualTo(3);
    // Joining twice is joined once: no second use is spent, so a used-up link still answers.
    expect(api.post(guest, "/api/invites/" + code + "/join", null), 200);

    Calls.Actor late = api.newUser("ilat");
    JsonNode gone = expect(api.post(late, "/api/invites/" + code + "/join", null), 410);
    assertThat(gone.path("type").asText()).endsWith("invite-gone");

    JsonNode list = expect(api.get(owner, path("/invites")), 200);
    JsonNode listed = list.path("items").get(0);
    assertThat(listed.path("code").asText()).isEqualTo(code);
    assertThat(listed.path("uses").asInt()).isEqualTo(1);
    assertThat(listed.path("status").asText()).isEqualTo("used_up");
    assertThat(listed.path("createdBy").asText()).isEqualTo(owner.id().toString());
    expect(api.get(member, path("/invites")), 403);
    expect(api.get(late, path("/invites")), 404);
  }

  @Test
  void revokedAndUnknownCodesAndBannedUsersAreRefused() {
    String code = createInvite(Map.of());
    expect(api.put(owner, path("/bans/" + guest.id()), Map.of()), 204);
    expect(api.post(guest, "/api/invites/" + code + "/join", null), 403);

    expect(api.delete(owner, path("/invites/" + code)), 204);
    expect(api.delete(owner, path("/invites/" + code)), 204);
    Calls.Actor other = api.newUser("ioth");
    expect(api.post(other, "/api/invites/" + code + "/join", null), 410);
    expect(api.get(other, "/api/invites/" + code), 410);

    expect(api.post(other, "/api/invites/AAAAAAAAAAAAAAAAAAAAAAAA/join", null), 404);
    expect(api.post(other, "/api/invites/short/join", null), 404);
    expect(api.post(other, "/api/invites/" + "A".repeat(500) + "/join", null), 404);
    expect(api.get(other, "/api/invites/bad%20code"), 404);
    assertThat(api.post(other, "/api/invites/%00AAAAAAAAAAAAAAAAAAAAAA/join", null).status())
        .isEqualTo(400);
    expect(api.post(member, path("/invites"), Map.of()), 403);
    expect(api.post(other, path("/invites"), Map.of()), 404);
  }

  @Test
  void hostileInviteSettingsAreNamedAndNothingIsWritten() {
    JsonNode bad =
        expect(api.post(owner, path("/invites"), Map.of("expiresInSeconds", 5, "maxUses", 0)), 400);
    List<String> fields = new ArrayList<>();
    bad.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields).containsExactlyInAnyOrder("expiresInSeconds", "maxUses");
    expect(api.post(owner, path("/invites"), Map.of("expiresInSeconds", "soon")), 400);
    expect(api.post(owner, path("/invites"), Map.of("maxUses", 1e40)), 400);
    JsonNode list = expect(api.get(owner, path("/invites")), 200);
    assertThat(list.path("items")).isEmpty();
  }

  @Test
  void aPublicGroupIsJoinedByItsExactNameCaseInsensitively() {
    String name = "Name Lookup " + UUID.randomUUID();
    JsonNode created =
        expect(api.post(owner, "/api/groups", Map.of("name", name, "visibility", "public")), 201);
    String id = created.path("conversation").path("conversationId").asText();
    JsonNode joined =
        expect(
            api.post(
                guest,
                "/api/groups/join-by-name",
                Map.of("name", name.toUpperCase(java.util.Locale.ROOT))),
            200);
    assertThat(joined.path("conversation").path("conversationId").asText()).isEqualTo(id);

    expect(api.post(guest, "/api/groups/join-by-name", Map.of("name", name + " x")), 404);
    expect(api.post(owner, "/api/groups", Map.of("name", name, "visibility", "public")), 201);
    expect(api.post(member, "/api/groups/join-by-name", Map.of("name", name)), 409);

    expect(api.post(guest, "/api/groups/join-by-name", Map.of("name", "x".repeat(101))), 400);
    expect(api.post(guest, "/api/groups/join-by-name", Map.of("name", "a\u0000b")), 400);
    expect(api.post(guest, "/api/groups/join-by-name", Map.of("name", "  ")), 400);
    Map<String, Object> noName = new HashMap<>();
    noName.put("name", null);
    expect(api.post(guest, "/api/groups/join-by-name", noName), 400);
    // A private group is never found by name.
    expect(api.post(guest, "/api/groups/join-by-name", Map.of("name", groupName)), 404);
  }

  @Test
  void activityEntriesAreStoredInPlaceAfterTheLastMessage() {
    expect(
        api.post(
            owner,
            "/api/conversations/" + group + "/messages",
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "first")),
        201);
    String code = createInvite(Map.of());
    expect(api.post(guest, "/api/invites/" + code + "/join", null), 200);
    expect(api.patch(owner, path(""), Map.of("name", "Renamed room", "topic", "new topic")), 200);
    expect(api.delete(owner, path("/members/" + member.id())), 204);

    JsonNode page = expect(api.get(guest, "/api/conversations/" + group + "/activity"), 200);
    List<String> lines = new ArrayList<>();
    page.path("items")
        .forEach(
            a ->
                lines.add(
                    a.path("afterSeq").asLong()
                        + " "
                        + a.path("kind").asText()
                        + " "
                        + a.path("detail").asText("")));
    assertThat(lines)
        .containsExactly(
            "0 created " + lines.get(0).substring("0 created ".length()),
            "1 joined_by_invite ",
            "1 renamed Renamed room",
            "1 topic_changed new topic",
            "1 removed ");
    JsonNode removed = page.path("items").get(4);
    assertThat(removed.path("actorId").asText()).isEqualTo(owner.id().toString());
    assertThat(removed.path("userId").asText()).isEqualTo(member.id().toString());
    assertThat(removed.path("userName").asText()).isNotBlank();

    // Paging: the newest two, then the rest before them.
    JsonNode newest =
        expect(api.get(guest, "/api/conversations/" + group + "/activity?limit=2"), 200);
    assertThat(newest.path("items")).hasSize(2);
    String cursor = newest.path("nextCursor").asText();
    JsonNode older =
        expect(api.get(guest, "/api/conversations/" + group + "/activity?before=" + cursor), 200);
    assertThat(older.path("items")).hasSize(3);
    expect(api.get(guest, "/api/conversations/" + group + "/activity?before=x"), 400);
    expect(api.get(member, "/api/conversations/" + group + "/activity"), 404);
  }

  @Test
  void deletingAGroupPushesToMembersAndEveryRouteForgetsIt() {
    String code = createInvite(Map.of());
    try (GatewayClient socket = new GatewayClient(port)) {
      socket.send(Map.of("op", "identify", "token", member.token()));
      socket.nextOp("ready", WAIT);
      expect(api.delete(member, path("")), 403);
      expect(api.delete(owner, path("")), 204);
      JsonNode pushed;
      do {
        pushed = socket.nextOp("event", WAIT);
      } while (!"conversation.deleted".equals(pushed.path("type").asText()));
      assertThat(pushed.path("data").path("conversationId").asText()).isEqualTo(group.toString());
      assertThat(pushed.path("data").path("actorId").asText()).isEqualTo(owner.id().toString());
    }
    expect(api.delete(owner, path("")), 204);
    Awaiting.until(
        () -> api.get(member, "/api/conversations/" + group).status() == 404 ? true : null, WAIT);
    expect(api.get(member, "/api/conversations/" + group + "/messages"), 404);
    expect(api.get(member, "/api/conversations/" + group + "/activity"), 404);
    expect(
        api.post(
            member,
            "/api/conversations/" + group + "/messages",
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "anyone?")),
        404);
    expect(api.post(guest, "/api/invites/" + code + "/join", null), 404);
    expect(api.get(guest, "/api/invites/" + code), 404);
    // The inbox drops it once its read model has the deletion.
    Awaiting.until(
        () -> {
          JsonNode inbox = expect(api.get(member, "/api/conversations"), 200);
          for (JsonNode item : inbox.path("items")) {
            if (item.path("conversationId").asText().equals(group.toString())) {
              return null;
            }
          }
          return true;
        },
        WAIT);
  }
}
