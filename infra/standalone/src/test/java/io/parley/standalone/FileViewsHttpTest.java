package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The read side shows files wherever the contract says (docs/api.md "Files"): every message of the
 * history and the inbox's last message carry {@code attachments}; users, members, bans and the
 * inbox's peer carry {@code avatarId}; conversations and inbox items carry {@code pictureId}.
 */
@StandaloneTest
class FileViewsHttpTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SETTLE = Duration.ofSeconds(20);

  @LocalServerPort int port;

  Calls api;
  Calls.Actor ann;
  Calls.Actor ben;

  @BeforeEach
  void users() {
    api = new Calls(port);
    ann = api.newUser("vann");
    ben = api.newUser("vben");
  }

  String upload(Calls.Actor as, String name, byte[] bytes) {
    return TestUploads.upload(port, as, name, bytes).path("uploadId").asText();
  }

  static byte[] png() {
    return TestUploads.png(12, 10);
  }

  /** Reads until {@code check} holds: the directory and inbox follow the log asynchronously. */
  static JsonNode eventually(Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> check)
      throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    JsonNode last = read.get();
    while (!check.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      last = read.get();
    }
    return last;
  }

  @Test
  void historyAndInboxCarryAttachmentsThroughAnEditAndShowNoneOnceDeleted() throws Exception {
    UUID dm =
        UUID.fromString(
            expect(
                    api.post(
                        ann, "/api/conversations/direct", Map.of("userId", ben.id().toString())),
                    200)
                .path("conversation")
                .path("conversationId")
                .asText());
    String messages = "/api/conversations/" + dm + "/messages";
    String photo = upload(ann, "photo.jpg.png", png());
    String notes = upload(ann, "notes.txt", "n".getBytes(StandardCharsets.UTF_8));
    JsonNode sent =
        expect(
                api.post(
                    ann,
                    messages,
                    Map.of(
                        "clientMessageId",
                        UUID.randomUUID().toString(),
                        "body",
                        "look",
                        "attachmentIds",
                        List.of(photo, notes))),
                201)
            .path("message");
    JsonNode plain =
        expect(
                api.post(
                    ann,
                    messages,
                    Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "words")),
                201)
            .path("message");

    JsonNode history = expect(api.get(ben, messages), 200).path("items");
    assertThat(history.get(0).path("attachments")).isEqualTo(sent.path("attachments"));
    assertThat(history.get(0).path("attachments").get(1).path("name").asText())
        .isEqualTo("notes.txt");
    assertThat(history.get(1).path("attachments").isArray()).isTrue();
    assertThat(history.get(1).path("attachments")).isEmpty();

    expect(api.delete(ann, messages + "/" + plain.path("messageId").asText()), 204);
    JsonNode inbox =
        eventually(
            () -> expect(api.get(ben, "/api/conversations"), 200).path("items").get(0),
            item -> item.path("lastMessage").path("deleted").asBoolean());
    assertThat(inbox.path("lastMessage").path("attachments")).isEmpty();

    JsonNode withFiles =
        expect(
                api.post(
                    ann,
                    messages,
                    Map.of(
                        "clientMessageId",
                        UUID.randomUUID().toString(),
                        "body",
                        "again",
                        "attachmentIds",
                        List.of(photo))),
                201)
            .path("message");
    expect(
        api.patch(
            ann, messages + "/" + withFiles.path("messageId").asText(), Map.of("body", "edited")),
        200);
    JsonNode edited =
        eventually(
            () -> expect(api.get(ben, "/api/conversations"), 200).path("items").get(0),
            item -> "edited".equals(item.path("lastMessage").path("body").asText()));
    assertThat(edited.path("lastMessage").path("attachments"))
        .isEqualTo(withFiles.path("attachments"));
    JsonNode page = expect(api.get(ben, messages + "?after=2"), 200).path("items");
    assertThat(page.get(page.size() - 1).path("attachments"))
        .isEqualTo(withFiles.path("attachments"));

    expect(api.delete(ann, messages + "/" + sent.path("messageId").asText()), 204);
    JsonNode first = expect(api.get(ben, messages + "?after=0&limit=1"), 200).path("items").get(0);
    assertThat(first.path("deleted").asBoolean()).isTrue();
    assertThat(first.path("attachments").isArray()).isTrue();
    assertThat(first.path("attachments")).isEmpty();
  }

  @Test
  void anAvatarShowsOnMeUsersMembersBansAndTheInboxPeer() throws Exception {
    String face = upload(ann, "face.png", png());
    expect(api.put(ann, "/api/me/avatar", Map.of("uploadId", face)), 200);

    assertThat(expect(api.get(ann, "/api/me"), 200).path("user").path("avatarId").asText())
        .isEqualTo(face);
    JsonNode profile =
        eventually(
            () -> expect(api.get(ben, "/api/users/" + ann.id()), 200),
            p -> face.equals(p.path("user").path("avatarId").asText()));
    assertThat(profile.path("user").path("avatarId").asText()).isEqualTo(face);
    JsonNode found =
        expect(api.get(ben, "/api/users?query=" + ann.username()), 200).path("items").get(0);
    assertThat(found.path("avatarId").asText()).isEqualTo(face);

    JsonNode group =
        expect(
                api.post(
                    ann,
                    "/api/groups",
                    Map.of(
                        "name",
                        "Faces",
                        "visibility",
                        "private",
                        "memberIds",
                        List.of(ben.id().toString()))),
                201)
            .path("conversation");
    String groupId = group.path("conversationId").asText();
    assertThat(group.has("pictureId")).isTrue();
    JsonNode members =
        eventually(
                () -> api.get(ben, "/api/conversations/" + groupId + "/members").body(),
                page -> page.path("items").size() == 2)
            .path("items");
    assertThat(members.get(0).path("userId").asText()).isEqualTo(ann.id().toString());
    assertThat(members.get(0).path("avatarId").asText()).isEqualTo(face);
    assertThat(members.get(1).path("avatarId").isNull()).isTrue();

    String benFace = upload(ben, "ben.png", png());
    expect(api.put(ben, "/api/me/avatar", Map.of("uploadId", benFace)), 200);
    expect(api.put(ann, "/api/groups/" + groupId + "/bans/" + ben.id(), null), 204);
    JsonNode bans =
        eventually(
            () -> expect(api.get(ann, "/api/groups/" + groupId + "/bans"), 200).path("items"),
            items -> items.size() == 1 && benFace.equals(items.get(0).path("avatarId").asText()));
    assertThat(bans.get(0).path("avatarId").asText()).isEqualTo(benFace);

    expect(api.post(ben, "/api/conversations/direct", Map.of("userId", ann.id().toString())), 200);
    JsonNode peer =
        eventually(
                () -> expect(api.get(ben, "/api/conversations"), 200).path("items"),
                items -> items.size() > 0 && items.get(0).path("peer").has("avatarId"))
            .get(0)
            .path("peer");
    assertThat(peer.path("avatarId").asText()).isEqualTo(face);

    expect(api.delete(ann, "/api/me/avatar"), 200);
    assertThat(expect(api.get(ann, "/api/me"), 200).path("user").path("avatarId").isNull())
        .isTrue();
  }

  @Test
  void aGroupPictureShowsOnTheConversationSearchAndInbox() throws Exception {
    String name = "Pictured " + UUID.randomUUID().toString().substring(0, 8);
    String groupId =
        expect(
                api.post(
                    ann,
                    "/api/groups",
                    Map.of(
                        "name",
                        name,
                        "visibility",
                        "public",
                        "memberIds",
                        List.of(ben.id().toString()))),
                201)
            .path("conversation")
            .path("conversationId")
            .asText();
    String picture = upload(ann, "logo.png", png());
    expect(api.put(ann, "/api/groups/" + groupId + "/picture", Map.of("uploadId", picture)), 200);

    JsonNode details =
        eventually(
            () -> api.get(ben, "/api/conversations/" + groupId).body(),
            d -> picture.equals(d.path("conversation").path("pictureId").asText()));
    assertThat(details.path("conversation").path("pictureId").asText()).isEqualTo(picture);
    JsonNode search =
        eventually(
            () -> expect(api.get(ben, "/api/groups?query=" + name.replace(" ", "%20")), 200),
            s -> picture.equals(s.path("items").path(0).path("pictureId").asText()));
    assertThat(search.path("items").path(0).path("pictureId").asText()).isEqualTo(picture);
    JsonNode inbox =
        eventually(
            () -> expect(api.get(ben, "/api/conversations"), 200).path("items"),
            items -> picture.equals(items.path(0).path("pictureId").asText()));
    assertThat(inbox.path(0).path("conversationId").asText()).isEqualTo(groupId);
    assertThat(inbox.path(0).path("pictureId").asText()).isEqualTo(picture);
  }
}
