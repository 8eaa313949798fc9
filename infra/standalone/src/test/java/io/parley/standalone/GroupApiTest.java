package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Creating, changing, joining and leaving groups against the running app. */
@StandaloneTest
class GroupApiTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  Calls api;
  EventLog log;
  Calls.Actor owner;
  Calls.Actor admin;
  Calls.Actor member;
  Calls.Actor outsider;

  @BeforeEach
  void users() {
    api = new Calls(port);
    log = new EventLog(jdbc);
    owner = api.newUser("own");
    admin = api.newUser("adm");
    member = api.newUser("mem");
    outsider = api.newUser("out");
  }

  /** A group with an owner, an admin and a member. */
  private UUID group(String visibility) {
    JsonNode created =
        expect(
            api.post(
                owner,
                "/api/groups",
                Map.of(
                    "name",
                    "Team",
                    "visibility",
                    visibility,
                    "memberIds",
                    List.of(admin.id().toString(), member.id().toString()))),
            201);
    UUID id = UUID.fromString(created.path("conversation").path("conversationId").asText());
    expect(
        api.put(owner, "/api/groups/" + id + "/members/" + admin.id() + "/role", role("admin")),
        204);
    return id;
  }

  private static Map<String, String> role(String role) {
    return Map.of("role", role);
  }

  @Test
  void creatingAGroupAnswersWithItAndCountsTheCreator() {
    JsonNode conversation =
        expect(
                api.post(
                    owner,
                    "/api/groups",
                    Map.of(
                        "name",
                        "Created",
                        "topic",
                        "t",
                        "visibility",
                        "public",
                        "memberIds",
                        List.of(member.id().toString()))),
                201)
            .path("conversation");
    assertThat(conversation.path("kind").asText()).isEqualTo("group");
    assertThat(conversation.path("name").asText()).isEqualTo("Created");
    assertThat(conversation.path("topic").asText()).isEqualTo("t");
    assertThat(conversation.path("visibility").asText()).isEqualTo("public");
    assertThat(conversation.path("memberCount").asInt()).isEqualTo(2);
  }

  @Test
  void creatingAGroupWithBadFieldsListsEveryOne() {
    Map<String, Object> body = new HashMap<>();
    body.put("name", "x".repeat(101));
    body.put("topic", "t".repeat(1025));
    body.put("visibility", "secret");
    body.put("memberIds", List.of("nope", UUID.randomUUID().toString()));
    JsonNode problem = expect(api.post(owner, "/api/groups", body), 400);
    List<String> fields = new ArrayList<>();
    problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .containsExactlyInAnyOrder("name", "topic", "visibility", "memberIds[0]", "memberIds[1]");
  }

  @Test
  void controlCharactersInANameOrTopicAreRefusedWhileATopicMaySpanLines() {
    JsonNode problem =
        expect(
            api.post(
                owner,
                "/api/groups",
                Map.of("name", "bad\u0001name", "topic", "bell\u0007", "visibility", "public")),
            400);
    List<String> fields = new ArrayList<>();
    problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields).containsExactlyInAnyOrder("name", "topic");
    UUID id = group("public");
    expect(api.patch(owner, "/api/groups/" + id, Map.of("name", "tab\tname")), 400);
    JsonNode conversation =
        expect(api.patch(owner, "/api/groups/" + id, Map.of("topic", "line one\n\tline two")), 200)
            .path("conversation");
    assertThat(conversation.path("topic").asText()).isEqualTo("line one\n\tline two");
  }

  @Test
  void anAdminChangesTheSettingsAndGetsTheGroupBack() {
    UUID id = group("public");
    JsonNode conversation =
        expect(
                api.patch(
                    admin, "/api/groups/" + id, Map.of("name", "Renamed", "topic", "New topic")),
                200)
            .path("conversation");
    assertThat(conversation.path("conversationId").asText()).isEqualTo(id.toString());
    assertThat(conversation.path("name").asText()).isEqualTo("Renamed");
    assertThat(conversation.path("topic").asText()).isEqualTo("New topic");
    assertThat(conversation.path("memberCount").asInt()).isEqualTo(3);
    assertThat(log.count(id, GroupUpdatedEvent.class)).isEqualTo(1);

    // Visibility is the owner's alone (docs/adr/0101).
    expect(api.patch(admin, "/api/groups/" + id, Map.of("visibility", "private")), 403);
    JsonNode partial =
        expect(
                api.patch(owner, "/api/groups/" + id, Map.of("topic", "", "visibility", "private")),
                200)
            .path("conversation");
    assertThat(partial.path("name").asText())
        .as("absent fields keep their value")
        .isEqualTo("Renamed");
    assertThat(partial.path("topic").asText()).isEmpty();
    assertThat(partial.path("visibility").asText()).isEqualTo("private");
  }

  @Test
  void aPlainMemberCannotChangeTheGroup() {
    UUID id = group("public");
    expect(api.patch(member, "/api/groups/" + id, Map.of("name", "Mine")), 403);
  }

  @Test
  void aNonMemberCannotChangeAPublicGroupAndDoesNotSeeAPrivateOne() {
    expect(api.patch(outsider, "/api/groups/" + group("public"), Map.of("name", "Mine")), 403);
    expect(api.patch(outsider, "/api/groups/" + group("private"), Map.of("name", "Mine")), 404);
  }

  @Test
  void changingAGroupWithBadFieldsListsEveryOne() {
    UUID id = group("public");
    JsonNode problem =
        expect(
            api.patch(
                owner,
                "/api/groups/" + id,
                Map.of("name", " ", "topic", "t".repeat(1025), "visibility", "hidden")),
            400);
    List<String> fields = new ArrayList<>();
    problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields).contains("name", "topic", "visibility");
  }

  @Test
  void unknownAndMalformedGroupIdsAreNotFoundAndBadRequest() {
    expect(api.patch(owner, "/api/groups/" + UUID.randomUUID(), Map.of("name", "x")), 404);
    expect(api.patch(owner, "/api/groups/not-a-uuid", Map.of("name", "x")), 400);
    expect(api.post(owner, "/api/groups/" + UUID.randomUUID() + "/join", null), 404);
    expect(api.post(owner, "/api/groups/not-a-uuid/join", null), 400);
    expect(api.post(owner, "/api/groups/" + UUID.randomUUID() + "/leave", null), 404);
  }

  @Test
  void joiningAPublicGroupTwiceJoinsOnce() {
    UUID id = group("public");
    JsonNode joined = expect(api.post(outsider, "/api/groups/" + id + "/join", null), 200);
    assertThat(joined.path("conversation").path("memberCount").asInt()).isEqualTo(4);
    JsonNode again = expect(api.post(outsider, "/api/groups/" + id + "/join", null), 200);
    assertThat(again.path("conversation").path("memberCount").asInt()).isEqualTo(4);
    assertThat(log.count(id, MemberAddedEvent.class)).isEqualTo(4);
  }

  @Test
  void aPrivateGroupCannotBeJoinedAndStaysInvisible() {
    UUID id = group("private");
    expect(api.post(outsider, "/api/groups/" + id + "/join", null), 404);
  }

  @Test
  void leavingTwiceLeavesOnce() {
    UUID id = group("private");
    assertThat(api.post(member, "/api/groups/" + id + "/leave", null).status()).isEqualTo(204);
    assertThat(api.post(member, "/api/groups/" + id + "/leave", null).status()).isEqualTo(204);
    assertThat(log.count(id, MemberRemovedEvent.class)).isEqualTo(1);
    expect(
        api.post(
            member,
            "/api/conversations/" + id + "/messages",
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "still here?")),
        404);
  }

  @Test
  void theOwnerMustHandOverBeforeLeavingUnlessLast() {
    UUID id = group("public");
    expect(api.post(owner, "/api/groups/" + id + "/leave", null), 409);
    expect(
        api.put(owner, "/api/groups/" + id + "/members/" + member.id() + "/role", role("owner")),
        204);
    expect(api.post(owner, "/api/groups/" + id + "/leave", null), 204);

    JsonNode solo =
        expect(
            api.post(owner, "/api/groups", Map.of("name", "Solo", "visibility", "private")), 201);
    String soloId = solo.path("conversation").path("conversationId").asText();
    expect(api.post(owner, "/api/groups/" + soloId + "/leave", null), 204);
  }
}
