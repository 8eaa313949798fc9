package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.files.FileKeys;
import io.parley.support.files.FileStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** PUT and DELETE /api/uploads against the running app: real HTTP, real file store. */
@StandaloneTest
class UploadApiTest {
  record Answer(int status, JsonNode body) {
    JsonNode upload() {
      return body.path("upload");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final long MAX_SIZE = 25L * 1024 * 1024;

  @LocalServerPort int port;
  @Autowired FileStore store;
  @Autowired JdbcTemplate jdbc;

  Calls api;
  Calls.Actor alice;
  Calls.Actor bob;

  @BeforeEach
  void users() {
    api = new Calls(port);
    alice = api.newUser("upa");
    bob = api.newUser("upb");
  }

  Answer put(Calls.Actor as, UUID id, String name, byte[] bytes, String... headers) {
    return put(as, id, name, HttpRequest.BodyPublishers.ofByteArray(bytes), headers);
  }

  Answer put(
      Calls.Actor as, UUID id, String name, HttpRequest.BodyPublisher body, String... headers) {
    String query = name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/uploads/" + id + query))
            .timeout(Duration.ofSeconds(60))
            .PUT(body);
    if (as != null) {
      request.header("Authorization", "Bearer " + as.token());
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Answer(response.statusCode(), json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode created(Answer answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(201);
    return answer.upload();
  }

  byte[] stored(UUID id) throws IOException {
    return read(FileKeys.original(id)).orElseThrow();
  }

  Optional<byte[]> read(String key) throws IOException {
    Optional<InputStream> in = store.open(key, 0, -1);
    if (in.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream stream = in.get()) {
      return Optional.of(stream.readAllBytes());
    }
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  int rows(UUID id) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM upload WHERE upload_id = ?", Integer.class, id);
  }

  @Test
  void aPngIsStoredAsAnImageWithItsDimensionsAndAThumbnail() throws Exception {
    UUID id = UUID.randomUUID();
    byte[] png = TestImages.encode(TestImages.halves(1200, 600, false), "png");
    JsonNode upload = created(put(alice, id, "wide.png", png, "Content-Type", "text/plain"));
    assertThat(upload.path("uploadId").asText()).isEqualTo(id.toString());
    assertThat(upload.path("name").asText()).isEqualTo("wide.png");
    assertThat(upload.path("contentType").asText()).isEqualTo("image/png");
    assertThat(upload.path("width").asInt()).isEqualTo(1200);
    assertThat(upload.path("height").asInt()).isEqualTo(600);
    assertThat(upload.path("thumbnail").asBoolean()).isTrue();
    byte[] stored = stored(id);
    assertThat(upload.path("size").asLong()).isEqualTo(stored.length);
    assertThat(upload.path("sha256").asText()).isEqualTo(sha256(stored));
    Instant createdAt = Instant.parse(upload.path("createdAt").asText());
    assertThat(Instant.parse(upload.path("expiresAt").asText()))
        .isEqualTo(createdAt.plus(Duration.ofHours(24)));
    BufferedImage thumbnail = TestImages.decode(read(FileKeys.thumbnail(id)).orElseThrow());
    assertThat(thumbnail.getWidth()).isEqualTo(480);
    assertThat(thumbnail.getHeight()).isEqualTo(240);
  }

  @Test
  void aGifIsAnImageAndATransparentImageGetsAPngThumbnail() throws Exception {
    UUID gif = UUID.randomUUID();
    JsonNode upload =
        created(
            put(alice, gif, "a.gif", TestImages.encode(TestImages.halves(30, 10, false), "gif")));
    assertThat(upload.path("contentType").asText()).isEqualTo("image/gif");
    assertThat(upload.path("width").asInt()).isEqualTo(30);
    UUID alpha = UUID.randomUUID();
    created(put(alice, alpha, "a.png", TestImages.encode(TestImages.halves(20, 20, true), "png")));
    byte[] thumbnail = read(FileKeys.thumbnail(alpha)).orElseThrow();
    assertThat(Arrays.copyOf(thumbnail, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
  }

  @Test
  void aRetryWithTheSameBytesAnswersTheSameUploadAndOtherBytesOrAnotherUserConflict() {
    UUID id = UUID.randomUUID();
    byte[] bytes = "a plain text file\n".getBytes(StandardCharsets.UTF_8);
    JsonNode first = created(put(alice, id, "notes.txt", bytes));
    Answer retry = put(alice, id, "notes.txt", bytes);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.upload()).isEqualTo(first);
    Answer other = put(alice, id, "notes.txt", "other bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.body().path("type").asText()).isEqualTo("urn:parley:problem:conflict");
    assertThat(put(bob, id, "notes.txt", bytes).status()).isEqualTo(409);
    assertThat(first.path("contentType").asText()).isEqualTo("text/plain");
    assertThat(first.path("width").isNull()).isTrue();
    assertThat(first.path("thumbnail").asBoolean()).isFalse();
  }

  @Test
  void aBodyOverTheLimitIs413AndNothingIsStored() throws Exception {
    UUID streamed = UUID.randomUUID();
    // Chunked, no length declared: refused while streaming, once past the limit.
    byte[] chunk = new byte[1024 * 1024];
    long total = MAX_SIZE + 512 * 1024;
    Answer answer =
        put(
            alice,
            streamed,
            "big.bin",
            HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatingStream(chunk, total)));
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.body().path("type").asText())
        .isEqualTo("urn:parley:problem:payload-too-large");
    assertThat(rows(streamed)).isZero();
    assertThat(store.size(FileKeys.original(streamed))).isEmpty();
    // A declared length over the limit is refused before any of the body is sent.
    UUID declared = UUID.randomUUID();
    try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("PUT /api/uploads/"
                      + declared
                      + "?name=b HTTP/1.1\r\nHost: localhost\r\n"
                      + "Authorization: Bearer "
                      + alice.token()
                      + "\r\n"
                      + "Content-Length: "
                      + (MAX_SIZE + 1)
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String statusLine =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 413");
    }
    assertThat(rows(declared)).isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM upload WHERE owner_id = ?", Integer.class, alice.id()))
        .isZero();
  }

  @Test
  void uploadsMayBeLargerThanTheJsonBodyLimitWhichStillHoldsElsewhere() {
    byte[] bytes = new byte[200 * 1024];
    Arrays.fill(bytes, (byte) 'x');
    // Announced as a form: still read as raw bytes, never parsed by the framework.
    JsonNode upload =
        created(
            put(
                alice,
                UUID.randomUUID(),
                "big.txt",
                bytes,
                "Content-Type",
                "application/x-www-form-urlencoded"));
    assertThat(upload.path("size").asLong()).isEqualTo(bytes.length);
    ApiClient.Response group =
        api.post(
            alice, "/api/groups", Map.of("name", "x".repeat(70 * 1024), "visibility", "public"));
    assertThat(group.status()).isEqualTo(413);
    ApiClient.Response other =
        api.send(
            alice,
            "PUT",
            "/api/uploads/" + UUID.randomUUID() + "/x",
            Map.of("a", "x".repeat(70 * 1024)));
    assertThat(other.status()).isEqualTo(413);
  }

  @Test
  void zeroBytesBadNamesAndBadIdsAre400() {
    Answer empty = put(alice, UUID.randomUUID(), "empty.txt", new byte[0]);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body().path("errors").get(0).path("field").asText()).isEqualTo("body");
    byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
    for (String bad :
        new String[] {
          null,
          "",
          "dir/",
          "a\\",
          "..",
          "bell\u0007.txt",
          "new\nline.txt",
          "evil\u202Egnp.exe",
          "x".repeat(256)
        }) {
      Answer answer = put(alice, UUID.randomUUID(), bad, bytes);
      assertThat(answer.status()).as("name %s", bad).isEqualTo(400);
      assertThat(answer.body().path("errors").get(0).path("field").asText()).isEqualTo("name");
    }
    assertThat(put(alice, UUID.randomUUID(), "x".repeat(255), bytes).status()).isEqualTo(201);
    assertThat(put(alice, UUID.randomUUID(), "\uD83D\uDE00".repeat(255), bytes).status())
        .isEqualTo(201);
    JsonNode path = created(put(alice, UUID.randomUUID(), "C:\\Users\\me/dir\\photo.txt", bytes));
    assertThat(path.path("name").asText()).isEqualTo("photo.txt");
    Answer badId = put(alice, null, "x", bytes); // "null" is not a UUID
    assertThat(badId.status()).isEqualTo(400);
  }

  @Test
  void theChecksumHeaderIsCheckedAgainstTheBytesReceived() throws Exception {
    byte[] bytes = "checked".getBytes(StandardCharsets.UTF_8);
    Answer wrong =
        put(alice, UUID.randomUUID(), "c.txt", bytes, "Content-SHA256", sha256("other".getBytes()));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body().path("errors").get(0).path("field").asText())
        .isEqualTo("Content-SHA256");
    assertThat(put(alice, UUID.randomUUID(), "c.txt", bytes, "Content-SHA256", "xyz").status())
        .isEqualTo(400);
    UUID id = UUID.randomUUID();
    created(put(alice, id, "c.txt", bytes, "Content-SHA256", sha256(bytes).toUpperCase()));
  }

  @Test
  void withoutATokenItIs401() {
    assertThat(put(null, UUID.randomUUID(), "a.txt", new byte[] {1}).status()).isEqualTo(401);
    ApiClient.Response delete =
        new ApiClient(port).call("DELETE", "/api/uploads/" + UUID.randomUUID(), null, null);
    assertThat(delete.status()).isEqualTo(401);
  }

  @Test
  void htmlNamedLikeAnImageIsHtmlAndSvgIsNeverAnImage() throws Exception {
    UUID html = UUID.randomUUID();
    JsonNode page =
        created(
            put(
                alice,
                html,
                "photo.png",
                "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
                    .getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "image/png"));
    assertThat(page.path("contentType").asText()).isEqualTo("text/html");
    assertThat(page.path("width").isNull()).isTrue();
    assertThat(page.path("thumbnail").asBoolean()).isFalse();
    UUID svg = UUID.randomUUID();
    JsonNode drawing =
        created(
            put(
                alice,
                svg,
                "logo.svg",
                ("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\""
                        + " height=\"10\"><script>alert(document.cookie)</script></svg>")
                    .getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "image/svg+xml"));
    assertThat(drawing.path("contentType").asText()).isEqualTo("image/svg+xml");
    assertThat(drawing.path("width").isNull()).isTrue();
    assertThat(drawing.path("thumbnail").asBoolean()).isFalse();
    assertThat(store.size(FileKeys.thumbnail(svg))).isEmpty();
  }

  @Test
  void aJpegLosesItsExifGpsXmpAndWhatFollowsTheImage() throws Exception {
    UUID id = UUID.randomUUID();
    byte[] jpeg =
        TestImages.concat(
            TestImages.jpegWithExif(TestImages.halves(64, 32, false), 1),
            "PK\u0003\u0004appended-after-eoi".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(TestImages.contains(jpeg, TestImages.SECRET)).isTrue();
    JsonNode upload = created(put(alice, id, "gps.jpg", jpeg));
    assertThat(upload.path("contentType").asText()).isEqualTo("image/jpeg");
    byte[] stored = stored(id);
    assertThat(TestImages.contains(stored, "Exif")).isFalse();
    assertThat(TestImages.contains(stored, TestImages.SECRET)).isFalse();
    assertThat(TestImages.contains(stored, "xmpmeta")).isFalse();
    assertThat(TestImages.contains(stored, "appended-after-eoi")).isFalse();
    assertThat(upload.path("sha256").asText()).isEqualTo(sha256(stored));
    assertThat(upload.path("sha256").asText()).isNotEqualTo(sha256(jpeg));
    BufferedImage image = TestImages.decode(stored);
    assertThat(image.getWidth()).isEqualTo(64);
    assertThat(image.getHeight()).isEqualTo(32);
    // A retry sends the original bytes again: the same upload, though the stored bytes differ.
    assertThat(put(alice, id, "gps.jpg", jpeg).status()).isEqualTo(200);
  }

  @Test
  void aPngLosesItsExifAndTextChunks() throws Exception {
    UUID id = UUID.randomUUID();
    byte[] png = TestImages.pngWithMetadata(TestImages.halves(50, 30, false), 1);
    JsonNode upload = created(put(alice, id, "meta.png", png));
    assertThat(upload.path("contentType").asText()).isEqualTo("image/png");
    byte[] stored = stored(id);
    for (String gone : new String[] {"eXIf", "tEXt", "iTXt", TestImages.SECRET}) {
      assertThat(TestImages.contains(stored, gone)).as(gone).isFalse();
    }
    BufferedImage image = TestImages.decode(stored);
    assertThat(image.getWidth()).isEqualTo(50);
    assertThat(image.getHeight()).isEqualTo(30);
  }

  @Test
  void anImageExifSaysToTurnIsStoredUprightWithSwappedDimensions() throws Exception {
    for (String format : new String[] {"jpeg", "png"}) {
      UUID id = UUID.randomUUID();
      BufferedImage sideways = TestImages.halves(80, 40, false); // red left, blue right
      byte[] bytes =
          format.equals("jpeg")
              ? TestImages.jpegWithExif(sideways, 6)
              : TestImages.pngWithMetadata(sideways, 6);
      JsonNode upload = created(put(alice, id, "turned." + format, bytes));
      assertThat(upload.path("width").asInt()).as(format).isEqualTo(40);
      assertThat(upload.path("height").asInt()).as(format).isEqualTo(80);
      byte[] stored = stored(id);
      assertThat(TestImages.contains(stored, TestImages.SECRET)).isFalse();
      BufferedImage upright = TestImages.decode(stored);
      assertThat(upright.getWidth()).isEqualTo(40);
      assertThat(upright.getHeight()).isEqualTo(80);
      // Turned 90° clockwise: what was on the left is now on top.
      assertThat(redness(upright.getRGB(20, 10))).as(format + " top").isPositive();
      assertThat(redness(upright.getRGB(20, 70))).as(format + " bottom").isNegative();
      BufferedImage thumbnail = TestImages.decode(read(FileKeys.thumbnail(id)).orElseThrow());
      assertThat(thumbnail.getHeight()).isGreaterThan(thumbnail.getWidth());
    }
  }

  private static int redness(int rgb) {
    return ((rgb >> 16) & 0xff) - (rgb & 0xff);
  }

  @Test
  void brokenAndOversizedImagesAreKeptAsPlainFilesNeverA500() throws Exception {
    byte[] jpeg = TestImages.encode(TestImages.halves(200, 100, false), "jpeg");
    byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 3);
    byte[] png = TestImages.encode(TestImages.halves(200, 100, false), "png");
    byte[] garbled = png.clone();
    for (int i = 40; i < garbled.length - 12; i++) {
      garbled[i] = (byte) (i * 31);
    }
    // A PNG header claiming 100000 × 100000 pixels: never decoded.
    byte[] bomb = png.clone();
    bomb[16] = 0;
    bomb[17] = 1;
    bomb[18] = (byte) 0x86;
    bomb[19] = (byte) 0xA0;
    bomb[20] = 0;
    bomb[21] = 1;
    bomb[22] = (byte) 0x86;
    bomb[23] = (byte) 0xA0;
    for (byte[] bad : new byte[][] {truncated, garbled, bomb}) {
      UUID id = UUID.randomUUID();
      Answer answer = put(alice, id, "broken.jpg", bad);
      assertThat(answer.status()).as("%s", answer).isEqualTo(201);
      assertThat(answer.upload().path("width").isNull()).isTrue();
      assertThat(answer.upload().path("thumbnail").asBoolean()).isFalse();
      assertThat(answer.upload().path("contentType").asText())
          .isNotIn("image/png", "image/jpeg", "image/gif", "image/webp");
      assertThat(store.size(FileKeys.thumbnail(id))).isEmpty();
    }
  }

  @Test
  void deleteCancelsYourOwnUnattachedUploadOnly() throws Exception {
    UUID id = UUID.randomUUID();
    byte[] bytes = "cancel me".getBytes(StandardCharsets.UTF_8);
    created(put(alice, id, "c.txt", bytes));
    assertThat(api.delete(bob, "/api/uploads/" + id).status()).isEqualTo(404);
    assertThat(store.size(FileKeys.original(id))).isPresent();
    assertThat(api.delete(alice, "/api/uploads/" + id).status()).isEqualTo(204);
    assertThat(store.size(FileKeys.original(id))).isEmpty();
    assertThat(api.delete(alice, "/api/uploads/" + id).status()).isEqualTo(204);
    assertThat(api.delete(alice, "/api/uploads/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(api.delete(alice, "/api/uploads/not-a-uuid").status()).isEqualTo(400);
    // The id stays spent: uploading under it again is a conflict, not a resurrection.
    assertThat(put(alice, id, "c.txt", bytes).status()).isEqualTo(409);
  }

  /** {@code total} bytes of {@code chunk} repeated, without holding them. */
  private static final class RepeatingStream extends InputStream {
    private final byte[] chunk;
    private long remaining;

    RepeatingStream(byte[] chunk, long total) {
      this.chunk = chunk;
      this.remaining = total;
    }

    @Override
    public int read() {
      if (remaining <= 0) {
        return -1;
      }
      remaining--;
      return chunk[(int) (remaining % chunk.length)] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(length, Math.min(remaining, chunk.length));
      System.arraycopy(chunk, 0, buffer, offset, n);
      remaining -= n;
      return n;
    }
  }
}
