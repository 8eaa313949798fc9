package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.e2ee.KeySetVersion;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * End-to-end encrypted conversations against the running app (docs/adr/0185, 0186): created
 * encrypted and never downgraded, limited in size, and holding ciphertexts only, checked for shape
 * and for the key set they were encrypted to.
 */
@StandaloneTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptedConversationApiTest {
  /** Users without device keys: the key set version of their conversations is that of no keys. */
  static final String VERSION = KeySetVersion.EMPTY;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  Calls api;
  EventLog log;
  TestOpenPgp pgp;
  Calls.Actor ann;
  Calls.Actor ben;
  UUID group;

  @BeforeAll
  void key() {
    pgp = new TestOpenPgp();
  }

  @BeforeEach
  void encryptedGroup() {
    api = new Calls(port);
    log = new EventLog(jdbc);
    ann = api.newUser("ann");
    ben = api.newUser("ben");
    JsonNode created =
        expect(
            api.post(
                ann,
                "/api/groups",
                Map.of(
                    "name",
                    "Secret",
                    "visibility",
                    "private",
                    "encrypted",
                    true,
                    "memberIds",
                    List.of(ben.id().toString()))),
            201);
    assertThat(created.path("conversation").path("encrypted").asBoolean()).isTrue();
    group = UUID.fromString(created.path("conversation").path("conversationId").asText());
  }

  private String messages() {
    return "/api/conversations/" + group + "/messages";
  }

  private Map<String, Object> encryptedSend(UUID clientId, String ciphertext, String version) {
    Map<String, Object> request = new HashMap<>();
    request.put("clientMessageId", clientId.toString());
    request.put("ciphertext", ciphertext);
    if (version != null) {
      request.put("keySetVersion", version);
    }
    return request;
  }

  private static void assertFieldProblem(JsonNode problem, String field) {
    assertThat(problem.path("errors").findValuesAsText("field")).contains(field);
  }

  @Test
  void aMemberSendsACiphertextAndEveryViewShowsItWithoutBody() {
    String ciphertext = pgp.encrypt("{\"v\":1,\"body\":\"hello\"}");
    JsonNode sent =
        expect(
                api.post(ben, messages(), encryptedSend(UUID.randomUUID(), ciphertext, VERSION)),
                201)
            .path("message");
    assertThat(sent.path("ciphertext").asText()).isEqualTo(ciphertext);
    assertThat(sent.path("body").isNull()).isTrue();
    assertThat(sent.path("mentions").size()).isZero();

    JsonNode history = expect(api.get(ann, messages()), 200);
    JsonNode item = history.path("items").get(0);
    assertThat(item.path("ciphertext").asText()).isEqualTo(ciphertext);
    assertThat(item.path("body").isNull()).isTrue();
    assertThat(item.path("mentionsEveryone").asBoolean()).isFalse();

    JsonNode details =
        Awaiting.until(
            () -> {
              ApiClient.Response r = api.get(ann, "/api/conversations/" + group);
              return r.status() == 200 ? r.body() : null;
            },
            Duration.ofSeconds(20));
    assertThat(details.path("conversation").path("encrypted").asBoolean()).isTrue();

    JsonNode inboxItem =
        Awaiting.until(
            () -> {
              for (JsonNode i : expect(api.get(ann, "/api/conversations"), 200).path("items")) {
                if (i.path("conversationId").asText().equals(group.toString())
                    && i.path("lastMessage").path("ciphertext").asText().equals(ciphertext)) {
                  return i;
                }
              }
              return null;
            },
            Duration.ofSeconds(20));
    assertThat(inboxItem.path("encrypted").asBoolean()).isTrue();
    assertThat(inboxItem.path("lastMessage").path("body").isNull()).isTrue();
  }

  @Test
  void aCiphertextForAnotherKeySetIsAConflictAndNothingIsWritten() {
    JsonNode problem =
        expect(
            api.post(
                ben,
                messages(),
                encryptedSend(UUID.randomUUID(), pgp.encrypt("x"), "f".repeat(64))),
            409);
    assertThat(problem.path("type").asText()).endsWith("key-set-changed");
    assertThat(log.count(group, MessageSentEvent.class)).isZero();
  }

  @Test
  void theShapeOfAnEncryptedSendIsChecked() {
    Map<String, Object> withBody = encryptedSend(UUID.randomUUID(), pgp.encrypt("x"), VERSION);
    withBody.put("body", "plain words");
    assertFieldProblem(expect(api.post(ben, messages(), withBody), 400), "body");

    assertFieldProblem(
        expect(api.post(ben, messages(), encryptedSend(UUID.randomUUID(), null, VERSION)), 400),
        "ciphertext");
    assertFieldProblem(
        expect(
            api.post(ben, messages(), encryptedSend(UUID.randomUUID(), "plain words", VERSION)),
            400),
        "ciphertext");
    String tooLong =
        "-----BEGIN PGP MESSAGE-----\n\n" + "A".repeat(60_000) + "\n-----END PGP MESSAGE-----\n";
    assertFieldProblem(
        expect(api.post(ben, messages(), encryptedSend(UUID.randomUUID(), tooLong, VERSION)), 400),
        "ciphertext");
    assertFieldProblem(
        expect(
            api.post(ben, messages(), encryptedSend(UUID.randomUUID(), pgp.encrypt("x"), null)),
            400),
        "keySetVersion");
    Map<String, Object> withFiles = encryptedSend(UUID.randomUUID(), pgp.encrypt("x"), VERSION);
    withFiles.put("attachmentIds", List.of(UUID.randomUUID().toString()));
    assertFieldProblem(expect(api.post(ben, messages(), withFiles), 400), "attachmentIds");
    assertThat(log.count(group, MessageSentEvent.class)).isZero();
  }

  @Test
  void aCiphertextOfSixtyThousandCharactersFitsTheRequestLimit() {
    StringBuilder armored = new StringBuilder("-----BEGIN PGP MESSAGE-----\n\n");
    String end = "\n-----END PGP MESSAGE-----\n";
    while (armored.length() + 65 + end.length() <= 60_000) {
      armored.append("A".repeat(64)).append('\n');
    }
    armored.append("A".repeat(60_000 - armored.length() - end.length())).append(end);
    assertThat(armored).hasSize(60_000);
    expect(
        api.post(ben, messages(), encryptedSend(UUID.randomUUID(), armored.toString(), VERSION)),
        201);
  }

  @Test
  void aRetryAnswersTheSameMessageAndAnotherCiphertextUnderItsIdIsAConflict() {
    UUID clientId = UUID.randomUUID();
    String ciphertext = pgp.encrypt("once");
    JsonNode first =
        expect(api.post(ben, messages(), encryptedSend(clientId, ciphertext, VERSION)), 201);
    JsonNode again =
        expect(api.post(ben, messages(), encryptedSend(clientId, ciphertext, VERSION)), 201);
    assertThat(again.path("message").path("messageId"))
        .isEqualTo(first.path("message").path("messageId"));
    assertThat(again.path("message").path("ciphertext").asText()).isEqualTo(ciphertext);
    expect(api.post(ben, messages(), encryptedSend(clientId, pgp.encrypt("twice"), VERSION)), 409);
    assertThat(log.count(group, MessageSentEvent.class)).isEqualTo(1);
  }

  @Test
  void anEditReplacesTheCiphertextUnderTheSameRules() {
    JsonNode sent =
        expect(
                api.post(
                    ben, messages(), encryptedSend(UUID.randomUUID(), pgp.encrypt("a"), VERSION)),
                201)
            .path("message");
    String path = messages() + "/" + sent.path("messageId").asText();
    String edited = pgp.encrypt("b");
    assertFieldProblem(expect(api.patch(ben, path, Map.of("body", "plain")), 400), "body");
    expect(
        api.patch(ben, path, Map.of("ciphertext", edited, "keySetVersion", "0".repeat(64))), 409);
    JsonNode ok =
        expect(api.patch(ben, path, Map.of("ciphertext", edited, "keySetVersion", VERSION)), 200);
    assertThat(ok.path("message").path("ciphertext").asText()).isEqualTo(edited);
    assertThat(ok.path("message").path("body").isNull()).isTrue();
    assertThat(log.count(group, MessageEditedEvent.class)).isEqualTo(1);
    JsonNode history = expect(api.get(ann, messages()), 200);
    assertThat(history.path("items").get(0).path("ciphertext").asText()).isEqualTo(edited);
  }

  @Test
  void aPlainConversationRefusesACiphertext() {
    UUID plain = api.privateGroup(ann, "Plain", ben);
    JsonNode problem =
        expect(
            api.post(
                ben,
                "/api/conversations/" + plain + "/messages",
                encryptedSend(UUID.randomUUID(), pgp.encrypt("x"), VERSION)),
            400);
    assertFieldProblem(problem, "ciphertext");
  }

  @Test
  void anEncryptedGroupIsNeverMadePublicAndMustStartPrivate() {
    JsonNode problem =
        expect(api.patch(ann, "/api/groups/" + group, Map.of("visibility", "public")), 409);
    assertThat(problem.path("type").asText()).endsWith("encrypted-conversation");
    assertFieldProblem(
        expect(
            api.post(
                ann,
                "/api/groups",
                Map.of("name", "Open", "visibility", "public", "encrypted", true)),
            400),
        "visibility");
  }

  @Test
  void anEncryptedGroupHoldsAtMostThirtyTwoMembers() {
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      others.add(api.newUser("m").id().toString());
    }
    Map<String, Object> request = new HashMap<>();
    request.put("name", "Full");
    request.put("visibility", "private");
    request.put("encrypted", true);
    request.put("memberIds", others);
    UUID full =
        UUID.fromString(
            expect(api.post(ann, "/api/groups", request), 201)
                .path("conversation")
                .path("conversationId")
                .asText());
    JsonNode problem =
        expect(api.post(ann, "/api/groups/" + full + "/members", Map.of("userId", ben.id())), 409);
    assertThat(problem.path("type").asText()).endsWith("too-many-members");

    List<String> tooMany = new ArrayList<>(others);
    tooMany.add(ben.id().toString());
    request.put("memberIds", tooMany);
    problem = expect(api.post(ann, "/api/groups", request), 409);
    assertThat(problem.path("type").asText()).endsWith("too-many-members");
  }

  @Test
  void theEncryptedDirectConversationOfAPairIsAnotherOneAndAlwaysTheSame() {
    JsonNode plain =
        expect(
                api.post(ann, "/api/conversations/direct", Map.of("userId", ben.id().toString())),
                200)
            .path("conversation");
    JsonNode encrypted =
        expect(
                api.post(
                    ann,
                    "/api/conversations/direct",
                    Map.of("userId", ben.id().toString(), "encrypted", true)),
                200)
            .path("conversation");
    JsonNode fromBen =
        expect(
                api.post(
                    ben,
                    "/api/conversations/direct",
                    Map.of("userId", ann.id().toString(), "encrypted", true)),
                200)
            .path("conversation");
    assertThat(plain.path("encrypted").asBoolean()).isFalse();
    assertThat(encrypted.path("encrypted").asBoolean()).isTrue();
    assertThat(encrypted.path("conversationId")).isNotEqualTo(plain.path("conversationId"));
    assertThat(fromBen.path("conversationId")).isEqualTo(encrypted.path("conversationId"));
  }

  @Test
  void searchRefusesAnEncryptedConversation() {
    // The search does not wait at the read barrier: until the directory shows the membership, a
    // 404 answers as for an unknown conversation.
    String search = "/api/search/messages?query=hello&conversationId=" + group;
    ApiClient.Response response =
        Awaiting.until(
            () -> {
              ApiClient.Response r = api.get(ann, search);
              return r.status() == 404 ? null : r;
            },
            Duration.ofSeconds(20));
    assertFieldProblem(expect(response, 400), "conversationId");
  }
}
