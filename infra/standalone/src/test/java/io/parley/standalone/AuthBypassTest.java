package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.admin.ManagementPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Authentication fails closed whatever the spelling of the path (docs/adr/0085): the request line
 * is sent byte for byte over a socket, so no client library normalizes it first.
 */
@StandaloneTest
class AuthBypassTest {
  @LocalServerPort int port;
  @Autowired ManagementPort managementPort;

  @BeforeEach
  void theDirectoryHoldsAUserAndAPublicGroup() {
    ApiClient api = new ApiClient(port);
    String name = "alice" + UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, name);
    api.post(
        "/api/groups", TestUsers.login(api, name), Map.of("name", "abc", "visibility", "public"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/users?query=a",
        "/%61pi/users?query=a",
        "/%61%70%69/users?query=a",
        "/api;x=y/users?query=a",
        "/api/users;x=y?query=a",
        "//api/users?query=a",
        "/api//users?query=a",
        "/api/./users?query=a",
        "/api/%2e/users?query=a",
        "/x/../api/users?query=a",
        "/api/x/../users?query=a",
        "/api/users/?query=a",
        "/API/users?query=a",
        "/Api/users?query=a",
        "/%61pi/groups?query=a",
        "/api;x=y/groups?query=a",
        "/api/groups/?query=a",
        "/%61pi/conversations",
        "/%61pi/me"
      })
  void anApiPathWithoutATokenIsRefusedHoweverItIsSpelled(String path) throws IOException {
    Raw response = get(port, path);
    assertThat(response.status()).as(path).isEqualTo(401);
    assertThat(response.body()).as(path).doesNotContain("\"items\"").doesNotContain("username");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/admin/processors",
        "/%61pi/admin/processors",
        "/api/%61dmin/processors",
        "/api;x=y/admin/processors",
        "/api/./admin/processors",
        "//api/admin/events/export",
        "/api/admin/processors/",
        "/x/../api/admin/processors",
        "/API/admin/processors"
      })
  void theOperatorApiWithoutATokenIsRefusedOnTheManagementPortAndAbsentOnThePublicOne(String path)
      throws IOException {
    Raw management = get(managementPort.port(), path);
    assertThat(management.status()).as(path).isEqualTo(401);
    assertThat(management.body()).as(path).doesNotContain("\"items\"");
    Raw open = get(port, path);
    assertThat(open.status()).as(path).isEqualTo(404);
    assertThat(open.body()).as(path).doesNotContain("\"items\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api%2Fusers?query=a", "/%2561pi/users?query=a", "/api\\users?query=a"})
  void aPathThatIsNotTheApiOnceDecodedNeverReachesAnApiHandler(String path) throws IOException {
    Raw response = get(port, path);
    // Refused, not found, or (a double-encoded segment is not "api") the browser client's page.
    assertThat(response.status()).as(path).isIn(200, 400, 401, 404);
    assertThat(response.body()).as(path).doesNotContain("\"items\"").doesNotContain("username");
  }

  private record Raw(int status, String body) {}

  private static Raw get(int port, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      int bodyStart = text.indexOf("\r\n\r\n");
      return new Raw(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
    }
  }
}
