package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.account.UserView;
import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.push.routing.PushUsers;
import io.parley.support.auth.AccessTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The handshake, identify, heartbeat and every close code, with a real WebSocket client. */
@PushTest
class GatewayProtocolTest {
  private static final Duration CLOSE = Duration.ofSeconds(15);

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  @Autowired PushUsers users;
  PushEvents events;

  @BeforeEach
  void setUp() {
    events = new PushEvents(eventBus, tokens);
  }

  @Test
  void identifyAnswersReadyWithSessionIntervalAndUserThenHeartbeatsAreAcknowledged() {
    UUID alice = events.user("alice");
    // The registration reaches this service's user directory asynchronously, as in production.
    Awaiting.until(() -> users.view(alice) instanceof UserView, Duration.ofSeconds(10));
    try (WsClient client = WsClient.connect(port)) {
      client.send(Map.of("op", "identify", "token", events.token(alice)));
      JsonNode ready = client.nextOp("ready");
      assertThat(ready.path("sessionId").asText()).isNotBlank();
      assertThat(ready.path("heartbeatIntervalMs").asLong()).isEqualTo(2000);
      assertThat(ready.path("user").path("userId").asText()).isEqualTo(alice.toString());
      assertThat(ready.path("user").path("username").asText()).isEqualTo("alice");

      client.send(Map.of("op", "heartbeat"));
      assertThat(client.nextOp("heartbeat_ack")).isNotNull();
    }
  }

  @Test
  void aSocketThatDoesNotIdentifyInTimeIsClosedWith4001() {
    try (WsClient client = WsClient.connect(port)) {
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4001);
    }
  }

  @Test
  void anInvalidTokenIsClosedWith4001() {
    try (WsClient client = WsClient.connect(port)) {
      client.send(Map.of("op", "identify", "token", "not-a-token"));
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4001);
    }
  }

  @Test
  void anExpiredTokenIsClosedWith4001() {
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.connect(port)) {
      client.send(
          Map.of(
              "op", "identify", "token", events.tokenExpiringIn(alice, Duration.ofSeconds(-30))));
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4001);
    }
  }

  @Test
  void anyOtherFirstFrameIsClosedWith4001() {
    try (WsClient client = WsClient.connect(port)) {
      client.send(Map.of("op", "heartbeat"));
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4001);
    }
  }

  @Test
  void aSocketWhoseTokenExpiresIsClosedWith4001() {
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.connect(port)) {
      client.send(
          Map.of("op", "identify", "token", events.tokenExpiringIn(alice, Duration.ofSeconds(1))));
      client.heartbeatEvery(client.nextOp("ready").path("heartbeatIntervalMs").asLong());
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4001);
    }
  }

  @Test
  void reIdentifyingWithAFreshTokenKeepsTheSocketPastTheFirstTokensExpiry() {
    UUID alice = events.user("alice");
    // Long enough to re-identify in time on a busy machine, short enough to wait past.
    Instant firstExpiry = Instant.now().plusSeconds(4);
    try (WsClient client = WsClient.connect(port)) {
      client.send(
          Map.of("op", "identify", "token", events.tokenExpiringIn(alice, Duration.ofSeconds(4))));
      client.heartbeatEvery(client.nextOp("ready").path("heartbeatIntervalMs").asLong());
      client.send(Map.of("op", "identify", "token", events.token(alice)));
      // Heartbeat round trips until well past the first token's expiry and several sweeps.
      while (Instant.now().isBefore(firstExpiry.plusSeconds(2))) {
        assertThat(client.nextOp("heartbeat_ack")).isNotNull();
      }
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void reIdentifyingAsSomeoneElseIsClosedWith4001() {
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    try (WsClient client = WsClient.identified(port, events.token(alice))) {
      client.send(Map.of("op", "identify", "token", events.token(bob)));
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4001);
    }
  }

  @Test
  void aSocketThatMissesTwoHeartbeatIntervalsIsClosedWith4002() {
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.connect(port)) {
      client.send(Map.of("op", "identify", "token", events.token(alice)));
      client.nextOp("ready");
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4002);
    }
  }

  @Test
  void moreThan120OpsWithinAMinuteAreClosedWith4003() {
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.identified(port, events.token(alice))) {
      client.stopHeartbeats();
      for (int i = 0; i < 119; i++) { // the identify was the first op
        client.send(Map.of("op", "heartbeat"));
      }
      for (int i = 0; i < 119; i++) {
        client.nextOp("heartbeat_ack");
      }
      assertThat(client.isClosed()).isFalse();
      client.send(Map.of("op", "heartbeat"));
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4003);
    }
  }

  @Test
  void aFrameLargerThan16KibIsClosedWith4004() {
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.identified(port, events.token(alice))) {
      client.sendRaw("{\"op\":\"heartbeat\",\"pad\":\"" + "x".repeat(16 * 1024) + "\"}");
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4004);
    }
  }

  @Test
  void aFrameJustUnderTheLimitIsAccepted() {
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.identified(port, events.token(alice))) {
      String frame = "{\"op\":\"heartbeat\",\"pad\":\"";
      client.sendRaw(frame + "x".repeat(16 * 1024 - frame.length() - 2) + "\"}");
      assertThat(client.nextOp("heartbeat_ack")).isNotNull();
    }
  }

  @Test
  void aFrameOfManySocketBuffersArrivesWhole() {
    // Tomcat's WebSocket buffers are 2 KiB here (SocketBuffers): 12 KiB of two-byte characters
    // take several reads, and characters straddle their boundaries.
    assertThat(System.getProperty(SocketBuffers.TOMCAT_WEBSOCKET))
        .isEqualTo(String.valueOf(SocketBuffers.DEFAULT_BYTES));
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.identified(port, events.token(alice))) {
      String frame = "{\"op\":\"heartbeat\",\"pad\":\"";
      client.sendRaw(frame + "é".repeat(3 * SocketBuffers.DEFAULT_BYTES) + "\"}");
      assertThat(client.nextOp("heartbeat_ack")).isNotNull();
    }
  }

  @Test
  void aFrameThatIsNotJsonIsClosedWith4004() {
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.identified(port, events.token(alice))) {
      client.sendRaw("{not json");
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4004);
    }
  }

  @Test
  void anUnknownOpIsClosedWith4004() {
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.identified(port, events.token(alice))) {
      client.send(Map.of("op", "dance"));
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4004);
    }
  }

  @Test
  void aBinaryFrameIsClosedWith4004() {
    UUID alice = events.user("alice");
    try (WsClient client = WsClient.identified(port, events.token(alice))) {
      client.sendBinary(new byte[] {1, 2, 3});
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4004);
    }
  }

  @Test
  void aBrowserFromAnOriginNotAllowedIsClosedWith4008AfterTheHandshake() {
    try (WsClient client = WsClient.connect(port, "https://evil.example")) {
      assertThat(client.awaitClose(CLOSE)).isEqualTo(4008);
    }
  }

  @Test
  void theConfiguredOriginAndTheServersOwnOriginAreAllowed() {
    UUID alice = events.user("alice");
    for (String origin : new String[] {"https://allowed.example", "http://localhost:" + port}) {
      try (WsClient client = WsClient.connect(port, origin)) {
        client.send(Map.of("op", "identify", "token", events.token(alice)));
        assertThat(client.nextOp("ready").path("sessionId").asText()).isNotBlank();
      }
    }
  }
}
