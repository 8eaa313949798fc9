package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.message.SendMessageCommand;
import io.parley.support.admin.ManagementPort;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whatever the log holds, a conversation's read model goes on (docs/adr/0080): text the edge now
 * refuses but an older version accepted is repaired on the way to the projections, and an event a
 * projection genuinely cannot apply is parked visibly, naming its processor and conversation.
 */
@StandaloneTest
class HostileEventTest {
  @LocalServerPort int port;
  @Autowired CommandGateway commands;
  @Autowired JdbcTemplate jdbc;
  @Autowired ManagementPort managementPort;
  @Autowired ConfigurableEnvironment environment;

  @Test
  void aMessageWithALoneSurrogateInTheLogDoesNotHoldBackTheLaterMessagesOfItsConversation() {
    Calls calls = new Calls(port);
    Calls.Actor owner = calls.newUser("poisono");
    UUID groupId = group(calls, owner);
    // The log may hold such events from before the edge refused them: append one past the edge.
    commands.sendAndWait(
        new SendMessageCommand(
            groupId,
            owner.id(),
            ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE),
            UUID.randomUUID(),
            "bad \ud800 x",
            null,
            Instant.now()));
    for (int i = 2; i <= 4; i++) {
      send(calls, owner, groupId, "later " + i);
    }

    JsonNode items =
        Awaiting.until(
            () -> {
              JsonNode page =
                  Calls.expect(
                      calls.get(owner, "/api/conversations/" + groupId + "/messages"), 200);
              return page.path("items").size() == 4 ? page.path("items") : null;
            },
            Duration.ofSeconds(30));
    assertThat(items.get(0).path("body").asText()).isEqualTo("bad \uFFFD x");
    assertThat(items.get(3).path("seq").asLong()).isEqualTo(4);
    assertThat(items.get(3).path("body").asText()).isEqualTo("later 4");
    JsonNode inbox =
        Awaiting.until(
            () -> {
              for (JsonNode item :
                  Calls.expect(calls.get(owner, "/api/conversations?limit=200"), 200)
                      .path("items")) {
                if (item.path("conversationId").asText().equals(groupId.toString())
                    && item.path("lastSeq").asLong() == 4) {
                  return item;
                }
              }
              return null;
            },
            Duration.ofSeconds(30));
    assertThat(inbox.path("lastMessage").path("body").asText()).isEqualTo("later 4");
  }

  @Test
  void anEventAProjectionCannotApplyShowsAsDegradedHealthNamingTheProcessorAndConversation() {
    Calls calls = new Calls(port);
    Calls.Actor owner = calls.newUser("degraded");
    Calls.Actor operator = operator();
    Calls admin = new Calls(managementPort.port());
    UUID groupId = group(calls, owner);
    String refused = "refused " + UUID.randomUUID();
    // A genuine failure of the store, for this one body only.
    jdbc.execute(
        "ALTER TABLE inbox_conversation ADD CONSTRAINT hostile_event_test"
            + " CHECK (last_body IS DISTINCT FROM '"
            + refused
            + "') NOT VALID");
    try {
      send(calls, owner, groupId, refused);
      JsonNode health =
          Awaiting.until(
              () -> {
                JsonNode parked = calls.get(null, "/actuator/health/parked").body();
                return parked.path("status").asText().equals("DEGRADED")
                        && parked.toString().contains("\"processor\":\"inbox\"")
                    ? parked
                    : null;
              },
              Duration.ofSeconds(30));
      JsonNode degraded =
          health.path("components").path("parkedEvents").path("details").path("degraded");
      assertThat(degraded.toString()).contains("\"eventType\":\"MessageSentEvent\"");
      assertThat(calls.get(null, "/actuator/health").body().path("status").asText())
          .as("a parked event degrades a component, not the node")
          .isEqualTo("UP");
      ApiClient.Response ready = calls.get(null, "/actuator/health/readiness");
      assertThat(ready.status()).as("a parked event keeps the node in rotation").isEqualTo(200);
      assertThat(ready.body().path("status").asText()).isEqualTo("DEGRADED");
      for (String publicHealth :
          List.of("/actuator/health", "/actuator/health/parked", "/actuator/health/readiness")) {
        assertThat(calls.get(null, publicHealth).body().toString())
            .as("public health names no conversation (docs/adr/0126)")
            .doesNotContain(groupId.toString());
      }
      JsonNode letters = Calls.expect(admin.get(operator, "/api/admin/dead-letters/inbox"), 200);
      assertThat(letters.toString()).contains("\"conversation\":\"" + groupId + "\"");
    } finally {
      jdbc.execute("ALTER TABLE inbox_conversation DROP CONSTRAINT hostile_event_test");
    }

    Calls.expect(admin.post(operator, "/api/admin/dead-letters/inbox/retry", Map.of()), 200);
    Awaiting.until(
        () ->
            calls.get(null, "/actuator/health/parked").body().path("status").asText().equals("UP")
                ? true
                : null,
        Duration.ofSeconds(30));
  }

  /** The operator, named admin by user id; the operator API answers on the management port. */
  private Calls.Actor operator() {
    Operator operator = Operator.signIn(managementPort, environment);
    return new Calls.Actor(operator.userId(), Operator.NAME, operator.token());
  }

  static UUID group(Calls calls, Calls.Actor owner) {
    return UUID.fromString(
        Calls.expect(
                calls.post(
                    owner, "/api/groups", Map.of("name", "Hostile", "visibility", "private")),
                201)
            .path("conversation")
            .path("conversationId")
            .asText());
  }

  static void send(Calls calls, Calls.Actor sender, UUID conversationId, String body) {
    Calls.expect(
        calls.post(
            sender,
            "/api/conversations/" + conversationId + "/messages",
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", body)),
        201);
  }
}
