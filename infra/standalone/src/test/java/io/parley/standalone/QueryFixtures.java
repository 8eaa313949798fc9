package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Creates users, groups and messages through the public command endpoints for read tests. */
final class QueryFixtures {
  record User(String id, String token, String username) {}

  private final ApiClient api;

  QueryFixtures(ApiClient api) {
    this.api = api;
  }

  User user(String prefix) {
    String username = prefix + UUID.randomUUID().toString().substring(0, 8);
    ApiClient.Response registered = TestUsers.register(api, username);
    assertThat(registered.status()).isEqualTo(201);
    return new User(
        registered.body().path("user").path("userId").asText(),
        TestUsers.login(api, username),
        username);
  }

  String group(User owner, String name, String visibility, User... members) {
    ApiClient.Response created =
        api.post("/api/groups", owner.token(), Map.of("name", name, "visibility", visibility));
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().path("conversation").path("conversationId").asText();
    for (User member : members) {
      assertThat(
              api.post(
                      "/api/groups/" + id + "/members",
                      owner.token(),
                      Map.of("userId", member.id()))
                  .status())
          .isEqualTo(204);
    }
    return id;
  }

  JsonNode send(User sender, String conversationId, String body) {
    ApiClient.Response sent =
        api.post(
            "/api/conversations/" + conversationId + "/messages",
            sender.token(),
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body));
    assertThat(sent.status()).isEqualTo(201);
    return sent.body().path("message");
  }

  /** GETs {@code path} until it answers 200 with a body {@code settled} accepts. */
  JsonNode awaitGet(String path, User user, Predicate<JsonNode> settled) {
    return Awaiting.until(
        () -> {
          ApiClient.Response response = api.get(path, user.token());
          return response.status() == 200 && settled.test(response.body()) ? response.body() : null;
        },
        Duration.ofSeconds(15));
  }

  /** Asserts a problem response with {@code status}, and for 400 that {@code field} is named. */
  void assertProblem(String path, User user, int status, String field) {
    ApiClient.Response response = api.get(path, user == null ? null : user.token());
    assertThat(response.status()).as(path).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    if (field != null) {
      assertThat(response.body().path("errors").findValuesAsText("field")).contains(field);
    }
  }
}
