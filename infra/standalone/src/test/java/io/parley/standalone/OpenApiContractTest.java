package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The REST contract springdoc generates from the running app is the committed docs/openapi.json
 * (docs/adr/0130): an endpoint changed without updating that file fails the build. After a
 * deliberate change, rewrite it with {@code -Dparley.openapi.write=true} and regenerate the browser
 * client's types ({@code npm run openapi} in frontend).
 */
@StandaloneTest
class OpenApiContractTest {
  // Surefire runs in the module's directory; docs/ is two levels up.
  private static final Path CONTRACT = Path.of("..", "..", "docs", "openapi.json");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theGeneratedContractIsTheCommittedOne() throws Exception {
    HttpResponse<String> response = get("/v3/api-docs");
    assertThat(response.statusCode()).isEqualTo(200);
    String generated = canonical(response.body());
    if (Boolean.getBoolean("parley.openapi.write")) {
      Files.writeString(CONTRACT, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(CONTRACT, StandardCharsets.UTF_8))
        .as("docs/openapi.json (rewrite with -Dparley.openapi.write=true)")
        .isEqualTo(generated);
  }

  private static String canonical(String body) throws Exception {
    JsonNode tree = JSON.readTree(body);
    Object sorted = JSON.treeToValue(tree, Object.class);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(sorted) + "\n";
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
