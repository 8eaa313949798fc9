package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

/** Sending, editing, deleting, reacting and marking read against the running app. */
@StandaloneTest
class MessageApiTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  Calls api;
  EventLog log;
  Calls.Actor owner;
  Calls.Actor admin;
  Calls.Actor author;
  Calls.Actor other;
  Calls.Actor outsider;
  UUID group;

  @BeforeEach
  void privateGroup() {
    api = new Calls(port);
    log = new EventLog(jdbc);
    owner = api.newUser("own");
    admin = api.newUser("adm");
    author = api.newUser("aut");
    other = api.newUser("oth");
    outsider = api.newUser("out");
    group = createGroup("private");
  }

  private UUID createGroup(String visibility) {
    JsonNode created =
        expect(
            api.post(
                owner,
                "/api/groups",
                Map.of(
                    "name",
                    "Chat",
                    "visibility",
                    visibility,
                    "memberIds",
                    List.of(admin.id().toString(), author.id().toString(), other.id().toString()))),
            201);
    UUID id = UUID.fromString(created.path("conversation").path("conversationId").asText());
    expect(
        api.put(
            owner,
            "/api/groups/" + id + "/members/" + admin.id() + "/role",
            Map.of("role", "admin")),
        204);
    return id;
  }

  private String messages() {
    return "/api/conversations/" + group + "/messages";
  }

  private ApiClient.Response send(Calls.Actor as, String clientId, String body) {
    return api.post(as, messages(), Map.of("clientMessageId", clientId, "body", body));
  }

  private JsonNode sent(Calls.Actor as, String body) {
    return expect(send(as, UUID.randomUUID().toString(), body), 201).path("message");
  }

  private String messagePath(JsonNode message) {
    return messages() + "/" + message.path("messageId").asText();
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  @Test
  void aSentMessageIsAnsweredWithEveryFieldAndTheNextSeq() {
    JsonNode first = sent(author, "Hello \"there\" -- ‮ 👋");
    assertThat(first.path("seq").asLong()).isEqualTo(1);
    assertThat(first.path("messageId").isTextual()).isTrue();
    assertThat(first.path("conversationId").asText()).isEqualTo(group.toString());
    assertThat(first.path("senderId").asText()).isEqualTo(author.id().toString());
    assertThat(first.path("body").asText()).isEqualTo("Hello \"there\" -- ‮ 👋");
    assertThat(first.path("replyToMessageId").isNull()).isTrue();
    assertThat(first.path("editedAt").isNull()).isTrue();
    assertThat(first.path("deleted").asBoolean()).isFalse();
    assertThat(first.path("reactions").isObject()).isTrue();

    JsonNode reply =
        expect(
                api.post(
                    other,
                    messages(),
                    Map.of(
                        "clientMessageId",
                        UUID.randomUUID().toString(),
                        "body",
                        "reply",
                        "replyToMessageId",
                        first.path("messageId").asText())),
                201)
            .path("message");
    assertThat(reply.path("seq").asLong()).isEqualTo(2);
    assertThat(reply.path("replyToMessageId").asText()).isEqualTo(first.path("messageId").asText());
  }

  @Test
  void aRetryWithTheSameClientMessageIdReturnsTheSameMessage() {
    String clientId = UUID.randomUUID().toString();
    JsonNode first = expect(send(author, clientId, "once"), 201).path("message");
    sent(other, "in between");
    JsonNode retry = expect(send(author, clientId, "once"), 201).path("message");
    assertThat(retry).isEqualTo(first);
    assertThat(log.count(group, MessageSentEvent.class)).isEqualTo(2);
    expect(send(author, clientId, "a different message"), 409);
  }

  @Test
  void aReplyMustReferToAMessageOfTheSameConversation() {
    UUID elsewhere = createGroup("private");
    JsonNode foreign =
        expect(
                api.post(
                    author,
                    "/api/conversations/" + elsewhere + "/messages",
                    Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "there")),
                201)
            .path("message");
    for (String replyTo : List.of(foreign.path("messageId").asText(), "123456789", "abc")) {
      JsonNode problem =
          expect(
              api.post(
                  author,
                  messages(),
                  Map.of(
                      "clientMessageId",
                      UUID.randomUUID().toString(),
                      "body",
                      "reply",
                      "replyToMessageId",
                      replyTo)),
              400);
      assertThat(fields(problem)).containsExactly("replyToMessageId");
    }
  }

  @Test
  void badBodiesAreRefusedWithEveryField() {
    Map<String, Object> noId = new HashMap<>();
    noId.put("body", "   ");
    assertThat(fields(expect(api.post(author, messages(), noId), 400)))
        .contains("clientMessageId", "body");
    for (String body : List.of("", " \n\t ", "x".repeat(4001), "bell\u0007", "nul\u0000")) {
      assertThat(fields(expect(send(author, UUID.randomUUID().toString(), body), 400)))
          .as("body %s", body.length() > 10 ? body.substring(0, 10) : body)
          .containsExactly("body");
    }
    String fourThousandEmoji = "😀".repeat(4000);
    assertThat(expect(send(author, UUID.randomUUID().toString(), fourThousandEmoji), 201))
        .as("the limit counts code points, not UTF-16 units")
        .isNotNull();
  }

  @Test
  void sendingIsRefusedForOutsidersAndUnknownOrMalformedConversations() {
    expect(send(outsider, UUID.randomUUID().toString(), "let me in"), 404);
    UUID open = createGroup("public");
    expect(
        api.post(
            outsider,
            "/api/conversations/" + open + "/messages",
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "hi")),
        403);
    expect(
        api.post(
            author,
            "/api/conversations/" + UUID.randomUUID() + "/messages",
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "hi")),
        404);
    expect(
        api.post(
            author,
            "/api/conversations/nope/messages",
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "hi")),
        400);
  }

  @Test
  void theAuthorEditsAndGetsTheMessageBack() {
    JsonNode message = sent(author, "typo");
    JsonNode edited =
        expect(api.patch(author, messagePath(message), Map.of("body", "fixed")), 200)
            .path("message");
    assertThat(edited.path("messageId").asText()).isEqualTo(message.path("messageId").asText());
    assertThat(edited.path("seq").asLong()).isEqualTo(message.path("seq").asLong());
    assertThat(edited.path("body").asText()).isEqualTo("fixed");
    assertThat(edited.path("createdAt").asText()).isEqualTo(message.path("createdAt").asText());
    assertThat(edited.path("editedAt").isTextual()).isTrue();
    assertThat(log.count(group, MessageEditedEvent.class)).isEqualTo(1);
  }

  @Test
  void editingIsRefusedToOthersAndForBadInput() {
    JsonNode message = sent(author, "mine");
    expect(api.patch(owner, messagePath(message), Map.of("body", "ours")), 403);
    expect(api.patch(outsider, messagePath(message), Map.of("body", "ours")), 404);
    expect(api.patch(author, messages() + "/12345", Map.of("body", "x")), 404);
    assertThat(fields(expect(api.patch(author, messages() + "/x1", Map.of("body", "x")), 400)))
        .containsExactly("messageId");
    assertThat(fields(expect(api.patch(author, messagePath(message), Map.of("body", " ")), 400)))
        .containsExactly("body");
  }

  @Test
  void deletingLeavesATombstoneOnceAndOnlyForTheAuthorOrAGroupAdmin() {
    JsonNode mine = sent(author, "regret");
    expect(api.delete(other, messagePath(mine)), 403);
    expect(api.delete(outsider, messagePath(mine)), 404);
    expect(api.delete(author, messagePath(mine)), 204);
    expect(api.delete(author, messagePath(mine)), 204);
    assertThat(log.count(group, MessageDeletedEvent.class)).isEqualTo(1);
    expect(api.patch(author, messagePath(mine), Map.of("body", "back")), 409);

    JsonNode theirs = sent(other, "spam");
    expect(api.delete(admin, messagePath(theirs)), 204);
    expect(api.delete(author, messages() + "/999"), 404);
    expect(api.delete(author, messages() + "/-1"), 400);
  }

  @Test
  void reactionsAreIdempotentBothWays() {
    JsonNode message = sent(author, "react to me");
    String thumbs = messagePath(message) + "/reactions/" + enc("👍");
    expect(api.put(other, thumbs, null), 204);
    expect(api.put(other, thumbs, null), 204);
    assertThat(log.count(group, ReactionAddedEvent.class)).isEqualTo(1);
    JsonNode edited =
        expect(api.patch(author, messagePath(message), Map.of("body", "counted")), 200);
    assertThat(edited.path("message").path("reactions").path("👍").asInt()).isEqualTo(1);

    expect(api.delete(other, thumbs), 204);
    expect(api.delete(other, thumbs), 204);
    assertThat(log.count(group, ReactionRemovedEvent.class)).isEqualTo(1);
  }

  @Test
  void reactionsAreRefusedForBadEmojiUnknownMessagesOutsidersAndTombstones() {
    JsonNode message = sent(author, "react to me");
    String reactions = messagePath(message) + "/reactions/";
    expect(api.put(other, reactions + enc("a b"), null), 400);
    expect(api.put(other, reactions + enc("x".repeat(33)), null), 400);
    expect(api.put(other, reactions + enc("tab\t"), null), 400);
    expect(api.put(other, messages() + "/424242/reactions/" + enc("👍"), null), 404);
    expect(api.put(outsider, reactions + enc("👍"), null), 404);
    expect(api.delete(author, messagePath(message)), 204);
    expect(api.put(other, reactions + enc("👍"), null), 409);
  }

  @Test
  void theReadMarkerOnlyMovesForwardAndStopsAtTheLastMessage() {
    sent(author, "one");
    sent(author, "two");
    sent(author, "three");
    String read = "/api/conversations/" + group + "/read";
    expect(api.put(other, read, Map.of("seq", 2)), 204);
    expect(api.put(other, read, Map.of("seq", 1)), 204);
    expect(api.put(other, read, Map.of("seq", 2)), 204);
    expect(api.put(other, read, Map.of("seq", 99)), 204);
    assertThat(log.countMentioning(other.id(), ReadMarkerMovedEvent.class))
        .as("2, then capped at 3; the others move nothing")
        .isEqualTo(2);
    assertThat(fields(expect(api.put(other, read, Map.of("seq", -1)), 400))).containsExactly("seq");
    assertThat(fields(expect(api.put(other, read, Map.of()), 400))).containsExactly("seq");
    expect(api.put(outsider, read, Map.of("seq", 1)), 404);
    expect(
        api.put(other, "/api/conversations/" + UUID.randomUUID() + "/read", Map.of("seq", 1)), 404);
    expect(api.put(other, "/api/conversations/nope/read", Map.of("seq", 1)), 400);
  }
}
