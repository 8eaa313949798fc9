package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Processors reading behind the head (the log holds this class's events and those of the other
 * classes sharing the test JVM's Postgres) through the shared batches, on the real Postgres: each
 * gets exactly what Axon's own read gives (the same events, in order, with the same tokens), while
 * the log is queried about once per batch for all of them instead of once per batch per reader.
 */
class SharedLogReadsEngineTest {
  @RegisterExtension static final AxonTestDatabase database = new AxonTestDatabase();

  private static final int BATCH = 100;
  private static final int EVENTS = 1_250;

  record Said(int n) {}

  private static JdbcEventStorageEngine axons;

  @BeforeAll
  static void aLog() {
    axons = database.engineBuilder(database.transactions()).batchSize(BATCH).build();
    for (int a = 0; a < 5; a++) {
      String aggregate = UUID.randomUUID().toString();
      List<DomainEventMessage<?>> events = new ArrayList<>();
      for (int seq = 0; seq < EVENTS / 5; seq++) {
        events.add(new GenericDomainEventMessage<>("Thing", aggregate, seq, new Said(seq)));
      }
      axons.appendEvents(events);
    }
  }

  private static ParleyEventStorageEngine shared(SharedLogReads reads) {
    AutocommitReads transactions = database.transactions();
    return new ParleyEventStorageEngine(
        database.engineBuilder(transactions).batchSize(BATCH),
        EventSchema.builder().build(),
        transactions,
        null,
        List.of(),
        reads,
        BATCH,
        true);
  }

  private record Read(List<TrackingToken> tokens, List<Object> payloads) {}

  private static Read readAll(Stream<? extends TrackedEventMessage<?>> stream) {
    try (stream) {
      List<TrackingToken> tokens = new ArrayList<>();
      List<Object> payloads = new ArrayList<>();
      stream.forEach(
          event -> {
            tokens.add(event.trackingToken());
            payloads.add(event.getPayload());
          });
      return new Read(tokens, payloads);
    }
  }

  @Test
  void readersGetWhatAxonsReadGivesWhileTheLogIsQueriedOncePerBatch() throws Exception {
    SharedLogReads reads = SharedLogReads.of(16, BATCH);
    ParleyEventStorageEngine engine = shared(reads);
    Read expected = readAll(axons.readEvents(null, false));
    assertThat(expected.payloads()).hasSizeGreaterThanOrEqualTo(EVENTS);

    List<CompletableFuture<Read>> readers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      readers.add(CompletableFuture.supplyAsync(() -> readAll(engine.readEvents(null, false))));
    }
    for (CompletableFuture<Read> reader : readers) {
      Read read = reader.get(60, TimeUnit.SECONDS);
      assertThat(read.payloads()).containsExactlyElementsOf(expected.payloads());
      assertThat(read.tokens()).containsExactlyElementsOf(expected.tokens());
    }

    long[] counts = reads.counts();
    int batches = expected.payloads().size() / BATCH + 1;
    assertThat(counts[0])
        .as("batches read from Postgres: each once, plus at most one empty read per reader")
        .isLessThanOrEqualTo(batches + 3);
    assertThat(counts[1])
        .as("batches taken from another reader")
        .isGreaterThanOrEqualTo(2 * batches - 3);
    assertThat(reads.kept()).as("the last stream closed dropped the batches").isZero();
  }

  @Test
  void aReaderFromTheMiddleAndTheStoresTailingReadGetAxonsEvents() {
    SharedLogReads reads = SharedLogReads.of(16, BATCH);
    ParleyEventStorageEngine engine = shared(reads);
    Read all = readAll(axons.readEvents(null, false));
    int size = all.payloads().size();
    int half = size / 2;
    TrackingToken middle = all.tokens().get(half - 1);

    Read fromTheMiddle = readAll(engine.readEvents(middle, false));
    assertThat(fromTheMiddle.payloads())
        .containsExactlyElementsOf(all.payloads().subList(half, size));
    assertThat(fromTheMiddle.tokens()).containsExactlyElementsOf(all.tokens().subList(half, size));

    long before = reads.counts()[0];
    try (Stream<? extends TrackedEventMessage<?>> tailing = engine.readEvents(middle, true)) {
      assertThat(tailing.limit(10).<Object>map(TrackedEventMessage::getPayload).toList())
          .containsExactlyElementsOf(all.payloads().subList(half, half + 10));
    }
    assertThat(reads.counts()[0])
        .as("the store's own tailing read is not shared")
        .isEqualTo(before);
  }
}
