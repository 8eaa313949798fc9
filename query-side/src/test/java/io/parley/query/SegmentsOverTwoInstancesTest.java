package io.parley.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.events.message.MessageSentEvent;
import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalCqlNode;
import io.parley.infra.stores.LocalStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Two query-side instances on one store (a database and keyspace of their own on the embedded
 * Postgres and CQL node): the timeline's four segments end up two on each; stopping one hands its
 * segments to the other; and every message event is handled exactly once, the timeline complete.
 */
class SegmentsOverTwoInstancesTest {
  static final String TIMELINE = "message-timeline";
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  /** How often each instance's timeline handler saw each event, across both instances. */
  static final Map<String, Integer> HANDLED = new ConcurrentHashMap<>();

  @Configuration(proxyBeanMethods = false)
  static class CountHandled {
    @Autowired
    void count(EventProcessingConfigurer processing) {
      processing.registerHandlerInterceptor(
          TIMELINE,
          config ->
              (unitOfWork, chain) -> {
                Object result = chain.proceed();
                String id = unitOfWork.getMessage().getIdentifier();
                unitOfWork.afterCommit(u -> HANDLED.merge(id, 1, Integer::sum));
                return result;
              });
    }
  }

  final String name = "segments_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  final List<ConfigurableApplicationContext> instances = new ArrayList<>();
  final Map<UUID, Long> sequences = new HashMap<>();
  EmbeddedPostgresStore postgres;
  Map<String, Object> connection;
  LocalCqlNode cql;

  @AfterEach
  void stopInstances() {
    instances.forEach(ConfigurableApplicationContext::close);
  }

  private ConfigurableApplicationContext instance(String owner) throws Exception {
    if (postgres == null) {
      postgres = LocalStores.postgres(LocalStores.ephemeralDataDir());
      cql = LocalStores.cql(LocalStores.ephemeralDataDir());
      connection = postgres.createDatabase(name);
    }
    Map<String, Object> properties = new HashMap<>(connection);
    properties.put("parley.cql.contact-points", cql.contactPoint());
    properties.put("parley.cql.keyspace", name);
    properties.put("parley.processors.owner", owner);
    properties.put("parley.processors." + TIMELINE + ".mode", "pooled");
    properties.put("parley.processors." + TIMELINE + ".segments", "4");
    properties.put("parley.processors." + TIMELINE + ".threads", "2");
    properties.put("parley.processors.claim-interval", "300ms");
    properties.put("parley.processors.balance.interval", "300ms");
    properties.put("parley.processors.balance.member-timeout", "3s");
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(QuerySideApplication.class, CountHandled.class)
            .web(WebApplicationType.NONE)
            .properties(properties)
            .run();
    instances.add(context);
    return context;
  }

  private static Set<Integer> held(ConfigurableApplicationContext instance) {
    return new TreeSet<>(
        instance
            .getBean(EventProcessingConfiguration.class)
            .eventProcessor(TIMELINE, StreamingEventProcessor.class)
            .orElseThrow()
            .processingStatus()
            .keySet());
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
      Thread.sleep(100);
    }
  }

  private List<EventMessage<?>> messages(List<UUID> conversations, int each) {
    List<EventMessage<?>> events = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      for (UUID conversation : conversations) {
        long seq = sequences.merge(conversation, 1L, Long::sum);
        MessageSentEvent sent =
            new MessageSentEvent(
                conversation,
                seq,
                seq * 1000 + conversations.indexOf(conversation),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "message " + seq,
                null,
                NOW,
                List.of());
        events.add(
            new GenericDomainEventMessage<>(
                "Conversation", conversation.toString(), seq - 1, sent));
      }
    }
    return events;
  }

  private static long stored(CqlSession session, UUID conversation) {
    return session
        .execute(
            "SELECT count(*) FROM messages_by_conversation WHERE conversation_id = ? ALLOW"
                + " FILTERING",
            conversation)
        .one()
        .getLong(0);
  }

  @Test
  void twoInstancesShareTheSegmentsAndTheSurvivorTakesOverWithoutHandlingAnEventTwice()
      throws Exception {
    ConfigurableApplicationContext first = instance("instance-a");
    await("the first instance to claim every segment", () -> held(first).size() == 4);
    ConfigurableApplicationContext second = instance("instance-b");

    await(
        "two segments on each instance", () -> held(first).size() == 2 && held(second).size() == 2);
    assertThat(held(first)).doesNotContainAnyElementsOf(held(second));

    // A replay needs every segment: with the other instance holding some, the operator API
    // refuses it (409) after starting the processor again, rather than leave it stopped.
    StreamingEventProcessor timeline =
        first
            .getBean(EventProcessingConfiguration.class)
            .eventProcessor(TIMELINE, StreamingEventProcessor.class)
            .orElseThrow();
    timeline.shutDown();
    assertThatThrownBy(timeline::resetTokens).isInstanceOf(UnableToClaimTokenException.class);
    timeline.start();

    List<UUID> conversations = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      conversations.add(UUID.randomUUID());
    }
    EventStore store = first.getBean(EventStore.class);
    List<EventMessage<?>> before = messages(conversations, 5);
    store.publish(before);
    CqlSession session = first.getBean(CqlSession.class);
    await(
        "the timeline to show the first messages",
        () -> conversations.stream().allMatch(c -> stored(session, c) == 5));

    second.close();
    await("the survivor to hold every segment", () -> held(first).size() == 4);
    List<EventMessage<?>> after = messages(conversations, 5);
    store.publish(after);
    await(
        "the timeline to show every message",
        () -> conversations.stream().allMatch(c -> stored(session, c) == 10));

    for (EventMessage<?> event : before) {
      assertThat(HANDLED.get(event.getIdentifier())).as("handled once").isEqualTo(1);
    }
    for (EventMessage<?> event : after) {
      assertThat(HANDLED.get(event.getIdentifier())).as("handled once").isEqualTo(1);
    }
    for (UUID conversation : conversations) {
      assertThat(
              session
                  .execute(
                      "SELECT last_seq FROM conversation_timeline_head WHERE conversation_id = ?",
                      conversation)
                  .one()
                  .getLong(0))
          .isEqualTo(10);
    }
  }
}
