package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Logging out on one device closes that device's live socket at once (4001, as an expired token
 * would), and identifying again with its still-unexpired access token is refused; the same user's
 * other device stays connected and keeps receiving.
 */
@StandaloneTest
class LogoutClosesSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @LocalServerPort int port;

  @Test
  void loggingOutClosesOnlyThatDevicesSocket() {
    AuthHttp auth = new AuthHttp(port).from(AuthHttp.freshAddress());
    String name = "logout" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(auth.register(name, name + "@example.test", TestUsers.PASSWORD).status())
        .isEqualTo(201);
    AuthHttp.Reply phone = auth.login(name, TestUsers.PASSWORD, "phone");
    AuthHttp.Reply laptop = auth.login(name, TestUsers.PASSWORD, "laptop");
    String phoneToken = phone.body().path("accessToken").asText();
    String laptopToken = laptop.body().path("accessToken").asText();

    try (GatewayClient phoneSocket = identified(phoneToken);
        GatewayClient laptopSocket = identified(laptopToken)) {
      assertThat(auth.logout(phone.body().path("refreshToken").asText()).status()).isEqualTo(204);

      assertThat(phoneSocket.awaitClose(WAIT)).isEqualTo(4001);

      laptopSocket.send(Map.of("op", "heartbeat"));
      assertThat(laptopSocket.nextOp("heartbeat_ack", WAIT)).isNotNull();
      try (GatewayClient again = new GatewayClient(port)) {
        again.send(Map.of("op", "identify", "token", phoneToken));
        assertThat(again.awaitClose(WAIT)).isEqualTo(4001);
      }
    }
  }

  private GatewayClient identified(String token) {
    GatewayClient client = new GatewayClient(port);
    client.send(Map.of("op", "identify", "token", token));
    client.nextOp("ready", WAIT);
    return client;
  }
}
