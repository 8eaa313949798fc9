package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRoleChangedEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Adding and removing members and changing roles against the running app. */
@StandaloneTest
class MembershipApiTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  Calls api;
  EventLog log;
  Calls.Actor owner;
  Calls.Actor admin;
  Calls.Actor admin2;
  Calls.Actor member;
  Calls.Actor outsider;
  UUID group;

  @BeforeEach
  void groupWithRoles() {
    api = new Calls(port);
    log = new EventLog(jdbc);
    owner = api.newUser("own");
    admin = api.newUser("adm");
    admin2 = api.newUser("adn");
    member = api.newUser("mem");
    outsider = api.newUser("out");
    JsonNode created =
        expect(
            api.post(
                owner,
                "/api/groups",
                Map.of(
                    "name",
                    "Roles",
                    "visibility",
                    "private",
                    "memberIds",
                    List.of(
                        admin.id().toString(), admin2.id().toString(), member.id().toString()))),
            201);
    group = UUID.fromString(created.path("conversation").path("conversationId").asText());
    expect(api.put(owner, rolePath(admin), Map.of("role", "admin")), 204);
    expect(api.put(owner, rolePath(admin2), Map.of("role", "admin")), 204);
  }

  private String membersPath() {
    return "/api/groups/" + group + "/members";
  }

  private String memberPath(Calls.Actor who) {
    return membersPath() + "/" + who.id();
  }

  private String rolePath(Calls.Actor who) {
    return memberPath(who) + "/role";
  }

  @Test
  void anAdminAddsSomeoneOnceEvenWhenAskedTwice() {
    expect(api.post(admin, membersPath(), Map.of("userId", outsider.id().toString())), 204);
    expect(api.post(admin, membersPath(), Map.of("userId", outsider.id().toString())), 204);
    assertThat(log.count(group, MemberAddedEvent.class)).isEqualTo(5);
  }

  @Test
  void addingIsRefusedForPlainMembersOutsidersUnknownUsersAndBadIds() {
    expect(api.post(member, membersPath(), Map.of("userId", outsider.id().toString())), 403);
    expect(api.post(outsider, membersPath(), Map.of("userId", outsider.id().toString())), 404);
    expect(api.post(owner, membersPath(), Map.of("userId", UUID.randomUUID().toString())), 404);
    expect(api.post(owner, membersPath(), Map.of("userId", "nope")), 400);
    expect(
        api.post(
            owner,
            "/api/groups/" + UUID.randomUUID() + "/members",
            Map.of("userId", outsider.id().toString())),
        404);
  }

  @Test
  void anAdminRemovesAMemberAndRemovingAgainChangesNothing() {
    expect(api.delete(admin, memberPath(member)), 204);
    expect(api.delete(admin, memberPath(member)), 204);
    assertThat(log.count(group, MemberRemovedEvent.class)).isEqualTo(1);
  }

  @Test
  void adminsCannotRemoveTheOwnerOrOtherAdmins() {
    expect(api.delete(admin, memberPath(owner)), 403);
    expect(api.delete(admin, memberPath(admin2)), 403);
    expect(api.delete(member, memberPath(admin)), 403);
    expect(api.delete(outsider, memberPath(member)), 404);
    expect(api.delete(owner, memberPath(admin2)), 204);
    expect(api.delete(owner, "/api/groups/" + group + "/members/nope"), 400);
  }

  @Test
  void aRemovedMemberCannotSendFromTheMomentTheRemovalIsAcknowledged() {
    expect(api.delete(owner, memberPath(member)), 204);
    expect(
        api.post(
            member,
            "/api/conversations/" + group + "/messages",
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "am I still in?")),
        404);
    expect(api.put(member, "/api/conversations/" + group + "/read", Map.of("seq", 1)), 404);
  }

  @Test
  void givingOwnershipAwayMakesTheFormerOwnerAnAdmin() {
    long before = log.count(group, MemberRoleChangedEvent.class);
    expect(api.put(owner, rolePath(member), Map.of("role", "owner")), 204);
    assertThat(log.count(group, MemberRoleChangedEvent.class)).isEqualTo(before + 2);
    // The new owner now rules; the former owner, an admin, no longer changes roles.
    expect(api.put(owner, rolePath(admin), Map.of("role", "member")), 403);
    expect(api.put(member, rolePath(admin), Map.of("role", "member")), 204);
    expect(api.delete(member, memberPath(owner)), 204);
  }

  @Test
  void rolesAreChangedOnlyByTheOwnerOnlyForMembersAndOnlyToKnownRoles() {
    expect(api.put(admin, rolePath(member), Map.of("role", "admin")), 403);
    expect(api.put(owner, rolePath(outsider), Map.of("role", "admin")), 404);
    expect(api.put(outsider, rolePath(member), Map.of("role", "admin")), 404);
    JsonNode problem = expect(api.put(owner, rolePath(member), Map.of("role", "king")), 400);
    assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("role");
    expect(api.put(owner, rolePath(owner), Map.of("role", "member")), 409);
  }
}
