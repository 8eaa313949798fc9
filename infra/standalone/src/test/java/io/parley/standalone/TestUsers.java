package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

final class TestUsers {
  static final String PASSWORD = "correct horse battery";

  private TestUsers() {}

  static ApiClient.Response register(ApiClient api, String username) {
    return api.post(
        "/api/auth/register",
        null,
        Map.of("username", username, "email", username + "@example.test", "password", PASSWORD));
  }

  static String login(ApiClient api, String username) {
    ApiClient.Response login =
        api.post("/api/auth/login", null, Map.of("login", username, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login.body().path("accessToken").asText();
  }
}
