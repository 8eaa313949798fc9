package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The browser session's safety headers (docs/adr/0086) on the page, its assets and the API. */
@StandaloneTest
class SecurityHeadersTest {
  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @ParameterizedTest
  @ValueSource(strings = {"/", "/c/some-conversation", "/api/users?query=a", "/no-such-file.js"})
  void everyResponseForbidsInlineScriptFramingAndSniffing(String path) throws Exception {
    HttpResponse<String> response = get(path);
    String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(policy)
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .contains("object-src 'none'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("'unsafe-eval'");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @Test
  void theBuiltPageLoadsItsScriptsOnlyFromFilesThePolicyAllows() throws Exception {
    String page = get("/").body();
    assertThat(page).contains("<div id=\"root\">");
    Matcher scripts =
        Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page);
    int count = 0;
    while (scripts.find()) {
      count++;
      assertThat(scripts.group(1)).as("a script loaded from a file").contains("src=\"/");
      assertThat(scripts.group(2).trim()).as("inline script body").isEmpty();
      String src = scripts.group(1).replaceAll(".*src=\"([^\"]+)\".*", "$1");
      HttpResponse<String> asset = get(src);
      assertThat(asset.statusCode()).isEqualTo(200);
      assertThat(asset.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    }
    assertThat(count).isPositive();
    assertThat(page).doesNotContainPattern("\\son[a-z]+\\s*=").doesNotContain("javascript:");
    assertThat(page).doesNotContain("<style");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
