package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.support.auth.AccessTokens;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Frames written by the writer threads are encoded once and written as bytes (docs/adr/0200): a
 * client sees the same text frames, with any characters, also over permessage-deflate as browsers
 * negotiate it, and also larger than the container's own 8 KiB text buffer.
 */
@PushTest
@TestPropertySource(
    properties = {"parley.push.parallel-write-audience=2", "parley.push.writer-threads=2"})
class PreEncodedTextFramesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "héllo wörld — 你好 🙂 \"quoted\" \\ back";

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;

  @Test
  void aBigAudiencesFramesArriveIntactWithAndWithoutCompression() throws Exception {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    UUID bob = events.user("bob");
    UUID carol = events.user("carol");
    UUID group = events.group(alice, bob, carol);
    String big = BODY.repeat(400); // ~16 KB of UTF-8: more than one container buffer

    try (Client deflating = Client.identified(port, events.token(bob), true);
        WsClient plain = WsClient.identified(port, events.token(carol))) {
      assertThat(deflating.session.getNegotiatedExtensions())
          .extracting(Extension::getName)
          .containsExactly("permessage-deflate");
      long first = events.message(group, alice, BODY);
      long second = events.message(group, alice, big);

      for (JsonNode event :
          List.of(
              deflating.nextMessage(),
              deflating.nextMessage(),
              plain.nextEvent("message.created"),
              plain.nextEvent("message.created"))) {
        long seq = event.path("seq").asLong();
        assertThat(seq).isIn(first, second);
        assertThat(event.path("data").path("body").asText()).isEqualTo(seq == first ? BODY : big);
      }
    }
  }

  private static final Extension DEFLATE =
      new Extension() {
        @Override
        public String getName() {
          return "permessage-deflate";
        }

        @Override
        public List<Extension.Parameter> getParameters() {
          return List.of();
        }
      };

  /** Tomcat's own client, which offers permessage-deflate as a browser does. */
  private static final class Client extends Endpoint implements AutoCloseable {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    Session session;
    long heartbeatMillis = Long.MAX_VALUE;
    long lastBeat = System.nanoTime();

    static Client identified(int port, String token, boolean deflate) throws Exception {
      Client client = new Client();
      ClientEndpointConfig config =
          ClientEndpointConfig.Builder.create()
              .extensions(deflate ? List.of(DEFLATE) : List.of())
              .build();
      client.session =
          ContainerProvider.getWebSocketContainer()
              .connectToServer(client, config, URI.create("ws://127.0.0.1:" + port + "/ws"));
      client
          .session
          .getBasicRemote()
          .sendText(JSON.writeValueAsString(Map.of("op", "identify", "token", token)));
      JsonNode ready = client.next(node -> node.path("op").asText().equals("ready"));
      client.heartbeatMillis = ready.path("heartbeatIntervalMs").asLong() / 2;
      return client;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.setMaxTextMessageBufferSize(1 << 20);
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frames::add);
    }

    JsonNode nextMessage() throws Exception {
      return next(node -> node.path("type").asText().equals("message.created"));
    }

    JsonNode next(java.util.function.Predicate<JsonNode> wanted) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        if (System.nanoTime() - lastBeat > TimeUnit.MILLISECONDS.toNanos(heartbeatMillis)) {
          session.getBasicRemote().sendText("{\"op\":\"heartbeat\"}");
          lastBeat = System.nanoTime();
        }
        String frame = frames.poll(20, TimeUnit.MILLISECONDS);
        if (frame != null && wanted.test(JSON.readTree(frame))) {
          return JSON.readTree(frame);
        }
      }
      throw new AssertionError("no such frame within 10 s");
    }

    @Override
    public void close() throws Exception {
      session.close();
    }
  }
}
