package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One message sent over REST is one trace (docs/adr/0125): the HTTP request, the command, the
 * append, the projections that handle its event and the push to the receiver's socket all carry the
 * trace id of the request, continued through the event's metadata.
 */
@StandaloneTest
class SendTraceTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired EventStore eventStore;
  @Autowired EventProcessingConfiguration processing;

  @Test
  void aSendIsOneTraceFromTheRequestThroughCommandAppendProjectionsToThePush() throws Exception {
    ApiClient api = new ApiClient(port);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, "tracea" + suffix);
    String bobId =
        TestUsers.register(api, "traceb" + suffix).body().path("user").path("userId").asText();
    String alice = TestUsers.login(api, "tracea" + suffix);
    String groupId =
        api.post("/api/groups", alice, Map.of("name", "Trace " + suffix, "visibility", "private"))
            .body()
            .path("conversation")
            .path("conversationId")
            .asText();
    assertThat(
            api.post("/api/groups/" + groupId + "/members", alice, Map.of("userId", bobId))
                .status())
        .isEqualTo(204);
    GatewayClient bob = new GatewayClient(port);
    try {
      bob.send(Map.of("op", "identify", "token", TestUsers.login(api, "traceb" + suffix)));
      bob.nextOp("ready", WAIT);

      RecordedSpans.start();
      assertThat(
              api.post(
                      "/api/conversations/" + groupId + "/messages",
                      alice,
                      Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "traced"))
                  .status())
          .isEqualTo(201);
      JsonNode pushed = nextMessage(bob);
      assertThat(pushed.path("data").toString()).contains("traced");

      DomainEventMessage<?> sent =
          eventStore.readEvents(groupId).asStream().reduce((first, second) -> second).orElseThrow();
      assertThat(sent.getPayloadType().getSimpleName()).isEqualTo("MessageSentEvent");
      assertThat(sent.getMetaData())
          .as(
              "interceptors of message-timeline: %s",
              processing
                  .eventProcessor("message-timeline")
                  .map(p -> p.getHandlerInterceptors().toString())
                  .orElse("none"))
          .containsKey("traceparent");
      Set<String> names = awaitTraceOfSend();
      assertThat(names)
          .as(
              () ->
                  RecordedSpans.sofar().stream()
                      .map(s -> s.getTraceId() + " " + s.getName())
                      .sorted()
                      .collect(Collectors.joining("\n")))
          .contains(
              "command SendMessageCommand",
              "event append",
              "message-timeline MessageSentEvent",
              "push-delivery MessageSentEvent",
              "push lane");
    } finally {
      RecordedSpans.stop();
      bob.close();
    }
  }

  /** The names of the spans in the send request's trace, once the push and a projection ended. */
  private static Set<String> awaitTraceOfSend() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Set<String> names = Set.of();
    while (System.nanoTime() < deadline) {
      List<SpanData> spans = RecordedSpans.sofar();
      String traceId =
          spans.stream()
              .filter(s -> s.getName().startsWith("http post"))
              .filter(s -> s.getName().contains("/messages"))
              .map(SpanData::getTraceId)
              .findFirst()
              .orElse(null);
      if (traceId != null) {
        names =
            spans.stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .map(SpanData::getName)
                .collect(Collectors.toSet());
        if (names.contains("push lane") && names.contains("message-timeline MessageSentEvent")) {
          return names;
        }
      }
      Thread.sleep(50);
    }
    return names;
  }

  private static JsonNode nextMessage(GatewayClient client) {
    while (true) {
      JsonNode frame = client.nextOp("event", WAIT);
      if ("message.created".equals(frame.path("type").asText())) {
        return frame;
      }
    }
  }
}
