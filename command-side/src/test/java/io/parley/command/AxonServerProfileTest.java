package io.parley.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.RegisterAccountCommand;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.test.server.AxonServerContainer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The distributed deployment's event store: with the {@code axonserver} profile, commands and
 * events go through a real Axon Server. Runs where a Docker engine is available; skipped cleanly
 * elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("axonserver")
class AxonServerProfileTest {
  @Container
  static final AxonServerContainer AXON_SERVER =
      new AxonServerContainer("axoniq/axonserver:2025.1.2").withDevMode(true);

  @DynamicPropertySource
  static void axonServer(DynamicPropertyRegistry registry) {
    registry.add(
        "axon.axonserver.servers", () -> AXON_SERVER.getHost() + ":" + AXON_SERVER.getGrpcPort());
  }

  @Autowired CommandGateway commands;
  @Autowired EventStore events;

  @Test
  void registrationEventsAreStoredInAxonServer() {
    UUID userId = UUID.randomUUID();
    commands.sendAndWait(
        new RegisterAccountCommand(
            userId, "carol", "Carol", Instant.parse("2026-11-23T08:00:00Z")));

    assertThat(events.readEvents(userId.toString()).asStream())
        .singleElement()
        .satisfies(e -> assertThat(e.getPayload()).isInstanceOf(AccountRegisteredEvent.class));
  }
}
