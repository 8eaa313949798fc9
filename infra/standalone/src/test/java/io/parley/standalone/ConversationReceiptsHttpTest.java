package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * GET /api/conversations/{id} carries every member's read and delivered marker, so receipts show
 * the truth after a reload or on a new device (docs/adr/0164): read markers from the inbox read
 * model, delivered markers asked of the push service with an Axon query.
 */
@StandaloneTest
class ConversationReceiptsHttpTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @LocalServerPort int port;

  @Test
  void theConversationViewCarriesEveryMembersReadAndDeliveredMarker() {
    ApiClient api = new ApiClient(port);
    QueryFixtures fixtures = new QueryFixtures(api);
    QueryFixtures.User sender = fixtures.user("rcs");
    QueryFixtures.User reader = fixtures.user("rcr");
    QueryFixtures.User silent = fixtures.user("rcq");
    String id = fixtures.group(sender, "Receipts", "private", reader, silent);
    fixtures.send(sender, id, "one");
    fixtures.send(sender, id, "two");
    fixtures.send(sender, id, "three");

    try (GatewayClient device = new GatewayClient(port)) {
      device.send(Map.of("op", "identify", "token", reader.token()));
      device.nextOp("ready", WAIT);
      device.send(Map.of("op", "ack", "conversationId", id, "seq", 3));
      assertThat(
              api.call(
                      "PUT", "/api/conversations/" + id + "/read", reader.token(), Map.of("seq", 2))
                  .status())
          .isEqualTo(204);

      // a reload: the sender's client asks for the view and gets the markers
      JsonNode view =
          fixtures.awaitGet(
              "/api/conversations/" + id,
              sender,
              body ->
                  markerOf(body.path("readMarkers"), reader.id()) == 2
                      && markerOf(body.path("deliveredMarkers"), reader.id()) == 3);

      assertThat(markerOf(view.path("readMarkers"), sender.id())).isEqualTo(3);
      assertThat(markerOf(view.path("deliveredMarkers"), silent.id())).isEqualTo(-1);
      assertThat(view.path("members").path("items").size()).isEqualTo(3);
      assertThat(view.path("members").path("nextCursor").isNull()).isTrue();
    }

    // a member who leaves is no longer listed
    assertThat(api.post("/api/groups/" + id + "/leave", reader.token(), null).status())
        .isEqualTo(204);
    fixtures.awaitGet(
        "/api/conversations/" + id,
        sender,
        body ->
            markerOf(body.path("readMarkers"), reader.id()) == -1
                && markerOf(body.path("deliveredMarkers"), reader.id()) == -1);
  }

  /** The seq of {@code userId}'s marker in a marker list, or -1 when it has none. */
  private static long markerOf(JsonNode markers, String userId) {
    for (JsonNode marker : markers) {
      if (userId.equals(marker.path("userId").asText())) {
        return marker.path("seq").asLong();
      }
    }
    return -1;
  }
}
