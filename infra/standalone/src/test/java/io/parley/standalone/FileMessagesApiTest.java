package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/**
 * Sending files, setting avatars and group pictures through the public API, and what the sockets of
 * the other members receive (docs/api.md "Files", docs/adr/0140).
 */
@StandaloneTest
class FileMessagesApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired io.parley.support.admin.ManagementPort managementPort;
  @Autowired org.springframework.core.env.ConfigurableEnvironment environment;
  @Autowired com.fasterxml.jackson.databind.ObjectMapper json;

  @Autowired org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter mvc;

  Calls api;
  Calls.Actor owner;
  Calls.Actor member;
  Calls.Actor outsider;
  UUID group;

  @BeforeEach
  void privateGroup() {
    api = new Calls(port);
    owner = api.newUser("fown");
    member = api.newUser("fmem");
    outsider = api.newUser("fout");
    group = api.privateGroup(owner, "Files", member);
  }

  private static byte[] png(int width, int height) {
    return TestUploads.png(width, height);
  }

  /** Uploads bytes under a fresh id and answers the upload's id. */
  private String upload(Calls.Actor as, String name, byte[] bytes) {
    return TestUploads.upload(port, as, name, bytes).path("uploadId").asText();
  }

  private String messages() {
    return "/api/conversations/" + group + "/messages";
  }

  private static Map<String, Object> send(String body, List<String> attachmentIds) {
    Map<String, Object> request = new HashMap<>();
    request.put("clientMessageId", UUID.randomUUID().toString());
    if (body != null) {
      request.put("body", body);
    }
    request.put("attachmentIds", attachmentIds);
    return request;
  }

  private GatewayClient identified(Calls.Actor as) {
    GatewayClient client = new GatewayClient(port);
    client.send(Map.of("op", "identify", "token", as.token()));
    client.nextOp("ready", WAIT);
    return client;
  }

  private static JsonNode nextEvent(GatewayClient client, String type) {
    while (true) {
      JsonNode frame = client.nextOp("event", WAIT);
      if (type.equals(frame.path("type").asText())) {
        return frame;
      }
    }
  }

  @Test
  void aPhotoWithoutCaptionIsSentWithItsDescriptionAndPushedToTheOtherMember() {
    String photo = upload(member, "beach.png", png(64, 48));
    try (GatewayClient owners = identified(owner)) {
      JsonNode message =
          expect(api.post(member, messages(), send(null, List.of(photo))), 201).path("message");

      assertThat(message.path("body").asText()).isEmpty();
      JsonNode attachment = message.path("attachments").path(0);
      assertThat(attachment.path("attachmentId").asText()).isEqualTo(photo);
      assertThat(attachment.path("name").asText()).isEqualTo("beach.png");
      assertThat(attachment.path("contentType").asText()).isEqualTo("image/png");
      assertThat(attachment.path("width").asInt()).isEqualTo(64);
      assertThat(attachment.path("height").asInt()).isEqualTo(48);
      assertThat(attachment.path("sha256").asText()).hasSize(64);

      JsonNode pushed = nextEvent(owners, "message.created").path("data");
      assertThat(pushed.path("messageId").asText()).isEqualTo(message.path("messageId").asText());
      assertThat(pushed.path("attachments")).isEqualTo(message.path("attachments"));
    }
  }

  /**
   * Messages with files in them, above, are what the field-by-field writer hands to the bean
   * serializer; here: that it writes them in the REST answers and in the pushes (docs/adr/0216).
   */
  @Test
  void messagesAreWrittenByTheirOwnSerializerInAnswersAndPushes() throws Exception {
    var writer = io.parley.support.json.MessageViewSerializer.class;
    assertThat(
            json.getSerializerProviderInstance()
                .findValueSerializer(io.parley.events.message.MessageView.class))
        .isInstanceOf(writer);
    var answers =
        mvc.getMessageConverters().stream()
            .filter(io.parley.support.web.SizedJsonConverter.class::isInstance)
            .map(io.parley.support.web.SizedJsonConverter.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(
            answers
                .getObjectMapper()
                .getSerializerProviderInstance()
                .findValueSerializer(io.parley.events.message.MessageView.class))
        .isInstanceOf(writer);
  }

  @Test
  void aRetryAnswersTheSameMessageAndOtherFilesUnderTheSameIdAreAConflict() {
    String first = upload(member, "a.png", png(8, 8));
    String second = upload(member, "b.png", png(9, 9));
    Map<String, Object> request = send("both", List.of(first, second));
    JsonNode sent = expect(api.post(member, messages(), request), 201).path("message");
    JsonNode again = expect(api.post(member, messages(), request), 201).path("message");

    assertThat(again.path("messageId")).isEqualTo(sent.path("messageId"));
    assertThat(again.path("attachments")).isEqualTo(sent.path("attachments"));
    Map<String, Object> swapped = new HashMap<>(request);
    swapped.put("attachmentIds", List.of(second, first));
    expect(api.post(member, messages(), swapped), 409);
    assertThat(new EventLog(jdbc).sentSeqs(group)).hasSize(1);
  }

  @Test
  void onlyYourOwnExistingUploadsCanBeAttached() {
    String theirs = upload(owner, "theirs.png", png(8, 8));
    List<String> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(UUID.randomUUID().toString());
    }
    for (Map<String, Object> bad :
        List.of(
            send("x", List.of(theirs)),
            send("x", List.of(UUID.randomUUID().toString())),
            send("x", List.of("not-a-uuid")),
            send("x", eleven))) {
      JsonNode problem = expect(api.post(member, messages(), bad), 400);
      assertThat(problem.path("errors").path(0).path("field").asText()).isEqualTo("attachmentIds");
    }
    String mine = upload(member, "mine.png", png(8, 8));
    expect(api.post(member, messages(), send("x", List.of(mine, mine))), 400);
    expect(api.post(member, messages(), send("   ", List.of(mine))), 400);
    expect(api.post(member, messages(), send(null, List.of())), 400);
    assertThat(new EventLog(jdbc).sentSeqs(group)).isEmpty();
  }

  @Test
  void editingKeepsTheFilesAndMayRemoveTheCaption() {
    String photo = upload(member, "cat.png", png(16, 16));
    JsonNode withFile =
        expect(api.post(member, messages(), send("a cat", List.of(photo))), 201).path("message");
    JsonNode edited =
        expect(
                api.patch(
                    member,
                    messages() + "/" + withFile.path("messageId").asText(),
                    Map.of("body", "")),
                200)
            .path("message");
    assertThat(edited.path("body").asText()).isEmpty();
    assertThat(edited.path("attachments")).isEqualTo(withFile.path("attachments"));

    JsonNode textOnly =
        expect(api.post(member, messages(), send("words", null)), 201).path("message");
    assertThat(textOnly.path("attachments").isArray()).isTrue();
    assertThat(textOnly.path("attachments")).isEmpty();
    expect(
        api.patch(
            member, messages() + "/" + textOnly.path("messageId").asText(), Map.of("body", "")),
        400);
  }

  @Test
  void anAvatarIsAnImageOfYoursAndIsPushedToYourContacts() {
    String face = upload(member, "face.png", png(32, 32));
    String document = upload(member, "notes.txt", "just text\n".getBytes(StandardCharsets.UTF_8));
    String theirs = upload(owner, "other.png", png(8, 8));

    JsonNode notImage =
        expect(api.put(member, "/api/me/avatar", Map.of("uploadId", document)), 400);
    assertThat(notImage.path("type").asText()).endsWith("not-an-image");
    expect(api.put(member, "/api/me/avatar", Map.of("uploadId", theirs)), 400);
    expect(api.put(member, "/api/me/avatar", Map.of("uploadId", "nope")), 400);

    try (GatewayClient owners = identified(owner)) {
      JsonNode user =
          expect(api.put(member, "/api/me/avatar", Map.of("uploadId", face)), 200).path("user");
      assertThat(user.path("avatarId").asText()).isEqualTo(face);
      JsonNode pushed = nextEvent(owners, "user.updated").path("data");
      assertThat(pushed.path("userId").asText()).isEqualTo(member.id().toString());
      assertThat(pushed.path("avatarId").asText()).isEqualTo(face);
    }
    // Setting it again is a no-op answered the same; clearing it answers null.
    assertThat(
            expect(api.put(member, "/api/me/avatar", Map.of("uploadId", face)), 200)
                .path("user")
                .path("avatarId")
                .asText())
        .isEqualTo(face);
    assertThat(
            expect(api.delete(member, "/api/me/avatar"), 200)
                .path("user")
                .path("avatarId")
                .isNull())
        .isTrue();
  }

  @Test
  void ownersAndAdminsSetTheGroupPictureAndMembersSeeItPushed() {
    String picture = upload(owner, "logo.png", png(40, 40));
    String membersPicture = upload(member, "mine.png", png(40, 40));

    expect(
        api.put(member, "/api/groups/" + group + "/picture", Map.of("uploadId", membersPicture)),
        403);
    expect(
        api.put(
            outsider,
            "/api/groups/" + group + "/picture",
            Map.of("uploadId", upload(outsider, "o.png", png(4, 4)))),
        404);
    try (GatewayClient members = identified(member)) {
      JsonNode conversation =
          expect(
                  api.put(owner, "/api/groups/" + group + "/picture", Map.of("uploadId", picture)),
                  200)
              .path("conversation");
      assertThat(conversation.path("pictureId").asText()).isEqualTo(picture);
      JsonNode pushed = nextEvent(members, "conversation.updated").path("data");
      assertThat(pushed.path("pictureId").asText()).isEqualTo(picture);
    }
    JsonNode cleared =
        expect(api.delete(owner, "/api/groups/" + group + "/picture"), 200).path("conversation");
    assertThat(cleared.path("pictureId").isNull()).isTrue();
  }

  @Test
  void thePushTablesVerifyCleanAfterAvatarsAndPictures() {
    expect(
        api.put(member, "/api/me/avatar", Map.of("uploadId", upload(member, "v.png", png(12, 12)))),
        200);
    expect(
        api.put(
            owner,
            "/api/groups/" + group + "/picture",
            Map.of("uploadId", upload(owner, "g.png", png(12, 12)))),
        200);
    Operator operator = Operator.signIn(managementPort, environment);
    JsonNode report =
        Awaiting.until(
            () -> {
              ApiClient.Response verified =
                  operator
                      .api()
                      .post(
                          "/api/admin/processors/push-membership/verify",
                          operator.token(),
                          Map.of());
              return verified.status() == 200 && verified.body().path("differences").isEmpty()
                  ? verified.body()
                  : null;
            },
            WAIT);
    assertThat(report.path("differences")).isEmpty();
  }
}
