package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@StandaloneTest
class SpaForwardingTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;

  @Test
  void aDeepLinkToAConversationLoadsTheBrowserClient() throws Exception {
    HttpResponse<String> response = get("/c/" + UUID.randomUUID());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<div id=\"root\">");
  }

  @Test
  void theRootLoadsTheBrowserClient() throws Exception {
    assertThat(get("/").body()).contains("<div id=\"root\">");
  }

  @Test
  void unknownApiPathsStayProblemsAndAreNotAnsweredWithThePage() throws Exception {
    HttpResponse<String> response = get("/api/no-such-endpoint");
    assertThat(response.statusCode()).isIn(401, 404);
    assertThat(response.body()).doesNotContain("<div id=\"root\">");
    assertThat(get("/actuator").body()).doesNotContain("<div id=\"root\">");
  }

  @Test
  void aMissingAssetIsA404NotThePage() throws Exception {
    HttpResponse<String> response = get("/assets/missing-file.js");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("<div id=\"root\">");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "text/html")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
