package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.files.FileKeys;
import io.parley.support.files.FileStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /api/files/{id}} and {@code /thumbnail} through the public API (docs/api.md "Files"):
 * who may fetch what, and the headers that make any file safe to open.
 */
@StandaloneTest
class FileFetchApiTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SANDBOX = "sandbox; default-src 'none'";

  @LocalServerPort int port;
  @Autowired FileStore store;

  Calls api;
  Calls.Actor owner;
  Calls.Actor member;
  Calls.Actor outsider;
  UUID group;

  @BeforeEach
  void privateGroup() {
    api = new Calls(port);
    owner = api.newUser("gown");
    member = api.newUser("gmem");
    outsider = api.newUser("gout");
    group = group(owner, "private", member);
  }

  UUID group(Calls.Actor creator, String visibility, Calls.Actor... members) {
    JsonNode created =
        expect(
            api.post(
                creator,
                "/api/groups",
                Map.of(
                    "name",
                    "Fetch",
                    "visibility",
                    visibility,
                    "memberIds",
                    Arrays.stream(members).map(m -> m.id().toString()).toList())),
            201);
    return UUID.fromString(created.path("conversation").path("conversationId").asText());
  }

  static byte[] png(int width, int height) {
    return TestUploads.png(width, height);
  }

  JsonNode upload(Calls.Actor as, String name, byte[] bytes) {
    return TestUploads.upload(port, as, name, bytes);
  }

  /** Sends a message carrying the uploads into {@code conversation}; answers the message. */
  JsonNode send(Calls.Actor as, UUID conversation, JsonNode... uploads) {
    return expect(
            api.post(
                as,
                "/api/conversations/" + conversation + "/messages",
                Map.of(
                    "clientMessageId",
                    UUID.randomUUID().toString(),
                    "body",
                    "files",
                    "attachmentIds",
                    Arrays.stream(uploads).map(u -> u.path("uploadId").asText()).toList())),
            201)
        .path("message");
  }

  HttpResponse<byte[]> fetch(Calls.Actor as, String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .GET();
    if (as != null) {
      request.header("Authorization", "Bearer " + as.token());
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> file(Calls.Actor as, JsonNode upload, String... headers) throws Exception {
    return fetch(as, "/api/files/" + upload.path("uploadId").asText(), headers);
  }

  static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The 404 of an id nobody ever uploaded: every refusal must look exactly like it. */
  void assertUnknown(HttpResponse<byte[]> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(404);
    HttpResponse<byte[]> unknown = fetch(member, "/api/files/" + UUID.randomUUID());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).path("type"))
        .isEqualTo(JSON.readTree(unknown.body()).path("type"));
    assertThat(JSON.readTree(response.body()).path("detail"))
        .isEqualTo(JSON.readTree(unknown.body()).path("detail"));
  }

  @Test
  void aMemberFetchesAPhotoRightAfterSendingWithItsBytesAndSafeHeaders() throws Exception {
    JsonNode photo = upload(member, "beach.png", png(64, 48));
    send(member, group, photo);

    HttpResponse<byte[]> response = file(owner, photo);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(sha256(response.body())).isEqualTo(photo.path("sha256").asText());
    assertThat((long) response.body().length).isEqualTo(photo.path("size").asLong());
    assertThat(ImageIO.read(new ByteArrayInputStream(response.body())).getWidth()).isEqualTo(64);
    assertThat(header(response, "Content-Type")).isEqualTo("image/png");
    assertThat(header(response, "Content-Disposition"))
        .isEqualTo("inline; filename=\"beach.png\"; filename*=UTF-8''beach.png");
    assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.headers().allValues("Content-Security-Policy")).containsExactly(SANDBOX);
    assertThat(header(response, "Cache-Control")).isEqualTo("private");
    assertThat(header(response, "ETag")).isEqualTo("\"" + photo.path("sha256").asText() + "\"");
    assertThat(header(response, "Content-Length"))
        .isEqualTo(String.valueOf(photo.path("size").asLong()));
  }

  /**
   * Read-your-push (docs/adr/0146): the file of a message just pushed is there, and so is the file
   * of a message in a group the reader was added to a moment ago.
   */
  @Test
  void aFilePushedAMomentAgoIsFetchedAtOnce() throws Exception {
    try (GatewayClient owners = new GatewayClient(port)) {
      owners.send(Map.of("op", "identify", "token", owner.token()));
      owners.nextOp("ready", Duration.ofSeconds(20));
      for (int i = 0; i < 10; i++) {
        UUID fresh = group(member, "private", owner);
        JsonNode text = upload(member, "n" + i + ".txt", ("note " + i).getBytes(UTF_8));
        send(member, fresh, text);
        String pushed;
        do {
          JsonNode frame = owners.nextOp("event", Duration.ofSeconds(20));
          pushed =
              "message.created".equals(frame.path("type").asText())
                  ? frame.path("data").path("attachments").path(0).path("attachmentId").asText()
                  : "";
        } while (!pushed.equals(text.path("uploadId").asText()));

        HttpResponse<byte[]> response = fetch(owner, "/api/files/" + pushed);
        assertThat(response.statusCode()).as("round %d", i).isEqualTo(200);
        assertThat(new String(response.body(), UTF_8)).isEqualTo("note " + i);
      }
    }
  }

  @Test
  void aFileIsServedByteForByteAsAnAttachmentWithAnAsciiAndAUtf8Name() throws Exception {
    byte[] bytes = "Protokoll\nZeile 2\n".getBytes(StandardCharsets.UTF_8);
    JsonNode notes = upload(member, "Prüfung \"ü\" 2026.txt", bytes);
    send(member, group, notes);

    HttpResponse<byte[]> response = file(member, notes);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(bytes);
    assertThat(header(response, "Content-Type")).startsWith("text/plain");
    assertThat(header(response, "Content-Disposition"))
        .isEqualTo(
            "attachment; filename=\"Prufung _u_ 2026.txt\";"
                + " filename*=UTF-8''Pr%C3%BCfung%20%22%C3%BC%22%202026.txt");
  }

  @Test
  void htmlAndSvgAreDownloadedInASandboxNeverRenderedAsThisOrigin() throws Exception {
    JsonNode html =
        upload(
            member,
            "page.png",
            "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8));
    JsonNode svg =
        upload(
            member,
            "logo.svg",
            ("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\""
                    + " height=\"10\"><script>alert(1)</script></svg>")
                .getBytes(StandardCharsets.UTF_8));
    send(member, group, html, svg);

    for (JsonNode upload : List.of(html, svg)) {
      HttpResponse<byte[]> response = file(owner, upload);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(header(response, "Content-Type")).startsWith(upload.path("contentType").asText());
      assertThat(header(response, "Content-Type")).doesNotStartWith("image/png");
      assertThat(header(response, "Content-Disposition")).startsWith("attachment;");
      assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.headers().allValues("Content-Security-Policy")).containsExactly(SANDBOX);
      assertThat(
              fetch(owner, "/api/files/" + upload.path("uploadId").asText() + "/thumbnail")
                  .statusCode())
          .isEqualTo(404);
    }
    assertThat(header(file(owner, html), "Content-Type")).startsWith("text/html");
    assertThat(header(file(owner, svg), "Content-Type")).startsWith("image/svg+xml");
  }

  @Test
  void downloadForcesAnAttachmentAndTheThumbnailIsASmallImage() throws Exception {
    JsonNode photo = upload(member, "big.png", png(1200, 900));
    send(member, group, photo);
    String path = "/api/files/" + photo.path("uploadId").asText();

    HttpResponse<byte[]> download = fetch(owner, path + "?download");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(header(download, "Content-Disposition")).startsWith("attachment;");

    HttpResponse<byte[]> thumbnail = fetch(owner, path + "/thumbnail");
    assertThat(thumbnail.statusCode()).isEqualTo(200);
    assertThat(header(thumbnail, "Content-Type")).isIn("image/jpeg", "image/png");
    assertThat(header(thumbnail, "Content-Disposition")).startsWith("inline;");
    assertThat(header(thumbnail, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(thumbnail.headers().allValues("Content-Security-Policy")).containsExactly(SANDBOX);
    BufferedImage preview = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
    assertThat(preview.getWidth()).isLessThanOrEqualTo(480);
    assertThat(preview.getHeight()).isLessThanOrEqualTo(480);
    assertThat(header(thumbnail, "ETag")).isNotEqualTo(header(download, "ETag"));
    assertThat(fetch(outsider, path + "/thumbnail").statusCode()).isEqualTo(404);
  }

  @Test
  void rangesAnswerPartialContentAndAnUnsatisfiableOne416() throws Exception {
    byte[] bytes = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    JsonNode text = upload(member, "digits.txt", bytes);
    send(member, group, text);

    HttpResponse<byte[]> middle = file(owner, text, "Range", "bytes=2-5");
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(new String(middle.body(), StandardCharsets.US_ASCII)).isEqualTo("2345");
    assertThat(header(middle, "Content-Range")).isEqualTo("bytes 2-5/20");
    assertThat(header(middle, "Content-Length")).isEqualTo("4");

    HttpResponse<byte[]> tail = file(owner, text, "Range", "bytes=-3");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(new String(tail.body(), StandardCharsets.US_ASCII)).isEqualTo("hij");
    assertThat(header(tail, "Content-Range")).isEqualTo("bytes 17-19/20");

    HttpResponse<byte[]> open = file(owner, text, "Range", "bytes=15-");
    assertThat(new String(open.body(), StandardCharsets.US_ASCII)).isEqualTo("fghij");

    for (String bad : List.of("bytes=20-", "bytes=5-2", "bytes=x-1")) {
      HttpResponse<byte[]> refused = file(owner, text, "Range", bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(416);
      assertThat(header(refused, "Content-Range")).as(bad).isEqualTo("bytes */20");
    }
  }

  @Test
  void anEtagThatMatchesAnswersNotModified() throws Exception {
    JsonNode text = upload(member, "same.txt", "same".getBytes(StandardCharsets.UTF_8));
    send(member, group, text);
    String etag = header(file(owner, text), "ETag");

    HttpResponse<byte[]> unchanged = file(owner, text, "If-None-Match", etag);
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    assertThat(header(unchanged, "ETag")).isEqualTo(etag);
    assertThat(file(owner, text, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void aNonMemberOfAPrivateGroupGetsTheSame404AsForAnUnknownId() throws Exception {
    JsonNode photo = upload(member, "private.png", png(8, 8));
    send(member, group, photo);

    assertUnknown(file(outsider, photo));
    assertThat(file(null, photo).statusCode()).isEqualTo(401);
  }

  @Test
  void anUnattachedUploadIsNotFetchableEvenByItsUploader() throws Exception {
    JsonNode draft = upload(member, "draft.png", png(8, 8));
    assertUnknown(file(member, draft));
  }

  @Test
  void removalFromTheGroupEndsAccess() throws Exception {
    JsonNode photo = upload(member, "before.png", png(8, 8));
    send(owner, group, upload(owner, "o.png", png(4, 4)));
    send(member, group, photo);
    assertThat(file(member, photo).statusCode()).isEqualTo(200);

    expect(api.delete(owner, "/api/groups/" + group + "/members/" + member.id()), 204);

    assertUnknown(file(member, photo));
    assertThat(file(owner, photo).statusCode()).isEqualTo(200);
  }

  @Test
  void deletingTheMessageEndsAccessAtOnceForEveryone() throws Exception {
    JsonNode photo = upload(member, "oops.png", png(8, 8));
    JsonNode message = send(member, group, photo);
    assertThat(file(owner, photo).statusCode()).isEqualTo(200);

    expect(
        api.delete(
            member,
            "/api/conversations/" + group + "/messages/" + message.path("messageId").asText()),
        204);

    assertUnknown(file(owner, photo));
    assertUnknown(file(member, photo));
    assertThat(
            fetch(member, "/api/files/" + photo.path("uploadId").asText() + "/thumbnail")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void anyoneSignedInFetchesTheFilesOfAPublicGroupAsTheyReadItsHistory() throws Exception {
    UUID open = group(owner, "public");
    JsonNode photo = upload(owner, "open.png", png(8, 8));
    send(owner, open, photo);

    assertThat(file(outsider, photo).statusCode()).isEqualTo(200);
  }

  @Test
  void aCurrentAvatarIsVisibleToEveryoneSignedInAndAReplacedOneToNobody() throws Exception {
    JsonNode first = upload(member, "face.png", png(32, 32));
    JsonNode second = upload(member, "face2.png", png(32, 32));
    expect(
        api.put(member, "/api/me/avatar", Map.of("uploadId", first.path("uploadId").asText())),
        200);

    HttpResponse<byte[]> seen = file(outsider, first);
    assertThat(seen.statusCode()).isEqualTo(200);
    assertThat(sha256(seen.body())).isEqualTo(first.path("sha256").asText());
    assertThat(
            fetch(outsider, "/api/files/" + first.path("uploadId").asText() + "/thumbnail")
                .statusCode())
        .isEqualTo(200);

    expect(
        api.put(member, "/api/me/avatar", Map.of("uploadId", second.path("uploadId").asText())),
        200);
    assertUnknown(file(outsider, first));
    assertThat(file(outsider, second).statusCode()).isEqualTo(200);

    expect(api.delete(member, "/api/me/avatar"), 200);
    assertUnknown(file(outsider, second));
  }

  @Test
  void aGroupPictureIsVisibleToWhoeverMaySeeTheGroup() throws Exception {
    JsonNode picture = upload(owner, "logo.png", png(40, 40));
    expect(
        api.put(
            owner,
            "/api/groups/" + group + "/picture",
            Map.of("uploadId", picture.path("uploadId").asText())),
        200);

    assertThat(file(member, picture).statusCode()).isEqualTo(200);
    assertUnknown(file(outsider, picture));

    UUID open = group(owner, "public");
    JsonNode shown = upload(owner, "shown.png", png(40, 40));
    expect(
        api.put(
            owner,
            "/api/groups/" + open + "/picture",
            Map.of("uploadId", shown.path("uploadId").asText())),
        200);
    assertThat(file(outsider, shown).statusCode()).isEqualTo(200);
  }

  @Test
  void aFileWhoseBytesAreGoneAnswers404NotAnError() throws Exception {
    JsonNode photo = upload(member, "vanishing.png", png(8, 8));
    send(member, group, photo);
    UUID id = UUID.fromString(photo.path("uploadId").asText());
    store.delete(FileKeys.original(id));
    store.delete(FileKeys.thumbnail(id));

    assertUnknown(file(member, photo));
    assertThat(fetch(member, "/api/files/" + id + "/thumbnail").statusCode()).isEqualTo(404);
  }

  @Test
  void aMalformedIdIsABadRequest() throws Exception {
    assertThat(fetch(member, "/api/files/not-a-uuid").statusCode()).isEqualTo(400);
  }
}
