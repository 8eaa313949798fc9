package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.admin.ManagementPort;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * The running app's operator: the account "operator", named admin by its user id (as {@code
 * PARLEY_ADMIN_USER_IDS} would), calling through the management port (docs/adr/0087).
 */
record Operator(ApiClient api, String token, UUID userId, String baseUrl) {
  static final String NAME = "operator";
  private static final String SOURCE = "test-admins";

  static Operator signIn(ManagementPort managementPort, ConfigurableEnvironment environment) {
    String base = "http://127.0.0.1:" + managementPort.port();
    ApiClient api = new ApiClient(base);
    TestUsers.register(api, NAME); // 409 when an earlier test registered it: fine
    ApiClient.Response login =
        api.post("/api/auth/login", null, Map.of("login", NAME, "password", TestUsers.PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    UUID id = UUID.fromString(login.body().path("user").path("userId").asText());
    grant(environment, id);
    return new Operator(api, login.body().path("accessToken").asText(), id, base);
  }

  /** What an operator does by adding the id to PARLEY_ADMIN_USER_IDS. */
  static synchronized void grant(ConfigurableEnvironment environment, UUID userId) {
    MutablePropertySources sources = environment.getPropertySources();
    if (!(sources.get(SOURCE) instanceof MapPropertySource admins)) {
      sources.addFirst(
          new MapPropertySource(SOURCE, new HashMap<>(Map.of("parley.admin.user-ids", ""))));
      grant(environment, userId);
      return;
    }
    String ids = String.valueOf(admins.getSource().get("parley.admin.user-ids"));
    if (!ids.contains(userId.toString())) {
      admins
          .getSource()
          .put("parley.admin.user-ids", ids.isEmpty() ? "" + userId : ids + "," + userId);
    }
  }
}
