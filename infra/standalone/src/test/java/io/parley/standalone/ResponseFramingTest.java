package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.web.SizedJsonConverter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * JSON answers carry their length and arrive in one piece, not chunked (docs/adr/0204). Read off
 * the wire with a plain socket: an HTTP client library would hide the framing.
 */
@StandaloneTest
class ResponseFramingTest {
  @LocalServerPort int port;

  Calls api;
  Calls.Actor owner;
  UUID group;

  @BeforeEach
  void group() {
    api = new Calls(port);
    owner = api.newUser("frm");
    group = api.privateGroup(owner, "framing", api.newUser("frm"));
  }

  @Test
  void aSendAndAHistoryPageGoOutWithTheirLength() throws IOException {
    String path = "/api/conversations/" + group + "/messages";
    Raw sent =
        exchange(
            "POST",
            path,
            "{\"body\":\"framed\",\"clientMessageId\":\"" + UUID.randomUUID() + "\"}");
    assertThat(sent.status()).isEqualTo(201);
    assertSized(sent);
    assertThat(sent.body()).contains("\"body\":\"framed\"");

    Raw page = exchange("GET", path + "?limit=50", null);
    assertThat(page.status()).isEqualTo(200);
    assertSized(page);
    assertThat(page.body()).contains("\"body\":\"framed\"");
  }

  @Test
  void aProblemAnswerGoesOutWithItsLengthToo() throws IOException {
    Raw problem =
        exchange("POST", "/api/conversations/" + group + "/messages", "{\"body\":\"no id\"}");
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.headers().get("content-type")).isEqualTo("application/problem+json");
    assertSized(problem);
    assertThat(problem.body()).contains("clientMessageId");
  }

  @Test
  void aBodyBeyondTheBufferIsStreamedWhole() throws IOException {
    String text = "x".repeat(3_900);
    String path = "/api/conversations/" + group + "/messages";
    for (int i = 0; i < 80; i++) {
      Raw sent =
          exchange(
              "POST",
              path,
              "{\"body\":\"" + text + "\",\"clientMessageId\":\"" + UUID.randomUUID() + "\"}");
      assertThat(sent.status()).isEqualTo(201);
    }
    Raw page = exchange("GET", path + "?limit=100", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body().length()).isGreaterThan(SizedJsonConverter.MAX_BUFFERED);
    assertThat(page.headers().get("transfer-encoding")).isEqualTo("chunked");
    assertThat(page.body()).startsWith("{").endsWith("}").contains(text);
  }

  private static void assertSized(Raw raw) {
    assertThat(raw.headers()).doesNotContainKey("transfer-encoding");
    assertThat(raw.headers().get("content-length"))
        .isEqualTo(String.valueOf(raw.body().getBytes(StandardCharsets.UTF_8).length));
  }

  record Raw(int status, Map<String, String> headers, String body) {}

  /** One request on its own connection; the body is read to the end as the server framed it. */
  private Raw exchange(String method, String path, String json) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + owner.token()
              + "\r\nAccept: application/json\r\nConnection: close\r\n"
              + (json == null
                  ? ""
                  : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
              + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      byte[] content =
          "chunked".equals(headers.get("transfer-encoding"))
              ? dechunk(in)
              : in.readNBytes(Integer.parseInt(headers.get("content-length")));
      return new Raw(
          Integer.parseInt(statusLine.split(" ")[1]),
          headers,
          new String(content, StandardCharsets.UTF_8));
    }
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int size = Integer.parseInt(line(in).trim(), 16);
        size > 0;
        size = Integer.parseInt(line(in).trim(), 16)) {
      all.write(in.readNBytes(size));
      line(in);
    }
    return all.toByteArray();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed in a header line");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
