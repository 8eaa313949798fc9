package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Text no store can hold, and shapes no endpoint needs, are refused at the edge with a 400 naming
 * the field (docs/adr/0080), and nothing is written.
 */
@StandaloneTest
class HostileInputTest {
  @LocalServerPort int port;
  Calls calls;
  Calls.Actor owner;
  UUID groupId;

  @BeforeEach
  void setUp() {
    calls = new Calls(port);
    owner = calls.newUser("hostile");
    groupId = HostileEventTest.group(calls, owner);
  }

  @Test
  void aSendWithALoneSurrogateIsRefusedNamingTheBodyAndAddsNothing() {
    Awaiting.until(
        () -> calls.get(owner, messages()).status() == 200 ? true : null,
        java.time.Duration.ofSeconds(30));
    assertInvalid(
        calls.post(
            owner,
            messages(),
            "{\"clientMessageId\":\"" + UUID.randomUUID() + "\",\"body\":\"bad \\ud800 x\"}"),
        "body");
    assertInvalid(
        calls.post(
            owner,
            messages(),
            "{\"clientMessageId\":\"" + UUID.randomUUID() + "\",\"body\":\"bad \\udc00\\ud800\"}"),
        "body");
    HostileEventTest.send(calls, owner, groupId, "fine");
    JsonNode items = Calls.expect(calls.get(owner, messages()), 200).path("items");
    assertThat(items).hasSize(1);
    assertThat(items.get(0).path("seq").asLong()).isEqualTo(1);
  }

  @Test
  void aNulInTheLoginIsABadRequestNotAServerError() {
    assertInvalid(
        calls.post(null, "/api/auth/login", "{\"login\":\"a\\u0000b\",\"password\":\"whatever1\"}"),
        "login");
  }

  @Test
  void aNulInTheEmailRefusesTheRegistrationAndKeepsTheUsernameFree() {
    String username = "nulmail" + UUID.randomUUID().toString().substring(0, 8);
    assertInvalid(
        calls.post(
            null,
            "/api/auth/register",
            "{\"username\":\""
                + username
                + "\",\"email\":\"a\\u0000b@example.test\",\"password\":\""
                + TestUsers.PASSWORD
                + "\"}"),
        "email");
    assertThat(TestUsers.register(new ApiClient(port), username).status()).isEqualTo(201);
  }

  @Test
  void illFormedTextInAQueryParameterOrThePathIsRefusedNamingIt() {
    assertInvalid(calls.get(owner, "/api/users?query=a%00b"), "query");
    assertInvalid(calls.get(owner, "/api/groups?query=%00"), "query");
    // Tomcat itself refuses an encoded NUL or ill-formed UTF-8 in the path, before any filter:
    // still a problem.
    for (ApiClient.Response response :
        new ApiClient.Response[] {
          calls.get(owner, "/api/users/%00"),
          calls.send(owner, "PUT", messages() + "/1/reactions/%00", null),
          calls.get(owner, "/api/users/%ED%A0%80")
        }) {
      assertThat(response.status()).as("response %s", response).isEqualTo(400);
      assertThat(response.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void aCraftedCursorHoldingANulIsRefusedAsACursor() {
    String nulUser = cursor("0|0|0|" + UUID.randomUUID() + "|a\u0000b");
    assertInvalid(calls.get(owner, "/api/users?cursor=" + nulUser), "cursor");
    String nulInbox = cursor("1\n" + UUID.randomUUID() + "\u0000");
    assertInvalid(calls.get(owner, "/api/conversations?cursor=" + nulInbox), "cursor");
    String nulGroup = cursor("a\u0000b\n" + UUID.randomUUID());
    assertInvalid(calls.get(owner, "/api/groups?cursor=" + nulGroup), "cursor");
    assertInvalid(calls.get(owner, "/api/users?cursor=%ED%A0%80"), "cursor");
  }

  @Test
  void deepNestingAndHugeNumbersAreRefusedAsBadRequests() {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    assertThat(calls.post(owner, messages(), deep).status()).isEqualTo(400);
    String deepField = "{\"clientMessageId\":\"" + UUID.randomUUID() + "\",\"body\":" + deep + "}";
    assertThat(calls.post(owner, messages(), deepField).status()).isEqualTo(400);
    for (String seq : new String[] {"1e400", "99999999999999999999999", "1".repeat(2_000)}) {
      ApiClient.Response read =
          calls.put(owner, "/api/conversations/" + groupId + "/read", "{\"seq\":" + seq + "}");
      assertThat(read.status()).as("seq %s: %s", seq, read).isEqualTo(400);
    }
    assertThat(calls.get(owner, messages() + "?before=99999999999999999999999").status())
        .isEqualTo(400);
  }

  private String messages() {
    return "/api/conversations/" + groupId + "/messages";
  }

  private static String cursor(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertInvalid(ApiClient.Response response, String field) {
    assertThat(response.status()).as("response %s", response).isEqualTo(400);
    assertThat(response.body().path("type").asText()).isEqualTo("urn:parley:problem:invalid-input");
    assertThat(response.body().path("errors").toString())
        .as("response %s", response)
        .contains("\"field\":\"" + field + "\"");
  }
}
