package io.parley.command.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.command.CommandSideApplication;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two command-side processes on one event store (two contexts on a database of their own), as in
 * the multi-process deployment, sending into one group (docs/adr/0208): with the aggregate locks on
 * no command ever loses a race, whether the two alternate (each one's cached conversation overtaken
 * by the other) or send at once, and every send gets its own seq.
 */
class TwoCommandSidesTest {
  static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  final String database =
      "two_command_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  final List<ConfigurableApplicationContext> instances = new ArrayList<>();
  final UUID owner = UUID.randomUUID();
  final UUID group = UUID.randomUUID();
  final AtomicLong messageIds = new AtomicLong(1L << 40);
  EmbeddedPostgresStore postgres;
  Map<String, Object> connection;

  @AfterEach
  void stop() {
    instances.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void eachProcessLoadsTheConversationAfreshOnceTheOtherHasAppended() {
    ConfigurableApplicationContext a = instance();
    ConfigurableApplicationContext b = instance();
    commands(a)
        .sendAndWait(
            new CreateGroupCommand(group, owner, "Both", "", Visibility.PRIVATE, List.of(), NOW));

    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      seqs.add(send(i % 2 == 0 ? a : b).seq());
    }

    assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
    assertThat(repeats(a) + repeats(b)).as("commands repeated after losing a race").isZero();
  }

  @Test
  void sendsThroughBothProcessesAtOnceNeverCollide() throws Exception {
    ConfigurableApplicationContext a = instance();
    ConfigurableApplicationContext b = instance();
    commands(a)
        .sendAndWait(
            new CreateGroupCommand(group, owner, "Both", "", Visibility.PRIVATE, List.of(), NOW));
    send(b); // both processes have the conversation cached
    send(a);

    int perSender = 40;
    Set<Long> seqs = new ConcurrentSkipListSet<>(List.of(1L, 2L));
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> sending = new ArrayList<>();
      for (ConfigurableApplicationContext process : List.of(a, b, a, b)) {
        sending.add(
            senders.submit(
                () -> {
                  for (int i = 0; i < perSender; i++) {
                    assertThat(seqs.add(send(process).seq())).as("a seq given twice").isTrue();
                  }
                }));
      }
      for (Future<?> sent : sending) {
        sent.get(120, TimeUnit.SECONDS);
      }
    } finally {
      senders.shutdownNow();
    }

    assertThat(new TreeSet<>(seqs))
        .containsExactlyElementsOf(
            LongStream.rangeClosed(1, 2 + 4L * perSender)
                .boxed()
                .collect(Collectors.toCollection(TreeSet::new)));
    assertThat(repeats(a) + repeats(b)).as("commands repeated after losing a race").isZero();
  }

  private SentMessage send(ConfigurableApplicationContext process) {
    long id = messageIds.incrementAndGet();
    return commands(process)
        .sendAndWait(
            new SendMessageCommand(
                group, owner, id, UUID.randomUUID(), "m" + id, null, NOW, List.of()));
  }

  private static CommandGateway commands(ConfigurableApplicationContext process) {
    return process.getBean(CommandGateway.class);
  }

  private static double repeats(ConfigurableApplicationContext process) {
    return process
        .getBean(MeterRegistry.class)
        .get("parley.command.conflict.repeats")
        .functionCounter()
        .count();
  }

  private ConfigurableApplicationContext instance() {
    if (postgres == null) {
      postgres = LocalStores.postgres(LocalStores.ephemeralDataDir());
      connection = postgres.createDatabase(database);
    }
    Map<String, Object> properties = new HashMap<>(connection);
    properties.put("parley.command.aggregate-locks", "true");
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .web(WebApplicationType.NONE)
            .properties(properties)
            .run();
    instances.add(context);
    return context;
  }
}
