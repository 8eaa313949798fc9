package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.support.Niceness;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store wired as the app wires it on the real Postgres (docs/adr/0232): a reader is called back
 * once the producer has read the new events, so the call finds them, whether they were committed
 * through this store or by another process that then woke it.
 */
class ReadersWokenAfterHeadReadsTest {
  @RegisterExtension static final AxonTestDatabase database = new AxonTestDatabase();

  /** Long, so that only a commit or a wake can make the producer read. */
  private static final long FETCH_DELAY_MILLIS = 60_000;

  private final ParleyEventStorageEngine engine = engine();
  private final WakeableEventStore store = store(engine);

  @AfterEach
  void stop() {
    store.shutDown();
  }

  @Test
  void aReaderCalledBackAfterACommitFindsTheEvent() throws Exception {
    try (TrackingEventStream stream = store.openStream(store.createHeadToken())) {
      List<Boolean> foundWhenCalled = calledBack(stream);

      String id = appendThrough(store);

      awaitCall(foundWhenCalled);
      assertThat(foundWhenCalled).as("the event was there at every call").containsOnly(true);
      assertThat(stream.nextAvailable().getIdentifier()).isEqualTo(id);
    }
  }

  @Test
  void aReaderCalledBackAfterAnotherProcessesWakeFindsTheEvent() throws Exception {
    try (TrackingEventStream stream = store.openStream(store.createHeadToken())) {
      List<Boolean> foundWhenCalled = calledBack(stream);
      GenericDomainEventMessage<String> event = event();
      engine().appendEvents(event); // another process's commit: this store is not told

      store.wake(); // as the notification would

      awaitCall(foundWhenCalled);
      assertThat(foundWhenCalled).containsOnly(true);
      assertThat(stream.nextAvailable().getIdentifier()).isEqualTo(event.getIdentifier());
    }
  }

  @Test
  void aWaitingReaderIsWokenByTheProducersReadAndFindsTheEvent() throws Exception {
    try (TrackingEventStream stream = store.openStream(store.createHeadToken())) {
      assertThat(stream.hasNextAvailable()).isFalse(); // tails the store now
      CompletableFuture<Boolean> waited =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return stream.hasNextAvailable(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(100); // the reader waits

      String id = appendThrough(store);

      assertThat(waited.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(stream.nextAvailable().getIdentifier()).isEqualTo(id);
    }
  }

  @Test
  void readersOnThreadsOfHigherPriorityAreWokenFirst() throws Exception {
    assumeTrue(Niceness.currentThreadNice().isPresent(), "thread priorities are Linux's here");
    int normal = Niceness.currentThreadNice().getAsInt();
    ThreadFactory background = Niceness.lowered(5, Thread::new);
    CompletableFuture<TrackingEventStream> opened = new CompletableFuture<>();
    background.newThread(() -> opened.complete(store.openStream(store.createHeadToken()))).start();
    try (TrackingEventStream low = opened.get(10, TimeUnit.SECONDS);
        TrackingEventStream high = store.openStream(store.createHeadToken())) {
      assertThat(store.wakeOrder()).containsExactly(normal, normal + 5);
    }
    assertThat(store.wakeOrder()).as("closed streams are forgotten").isEmpty();
  }

  /** What the stream had ready each time its reader was called back. */
  private static List<Boolean> calledBack(TrackingEventStream stream) {
    List<Boolean> found = new CopyOnWriteArrayList<>();
    assertThat(stream.hasNextAvailable()).isFalse(); // tails the store now: the producer starts
    stream.setOnAvailableCallback(() -> found.add(stream.peek().isPresent()));
    return found;
  }

  private static void awaitCall(List<Boolean> calls) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (calls.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(calls).as("called back").isNotEmpty();
  }

  private static GenericDomainEventMessage<String> event() {
    return new GenericDomainEventMessage<>("Probe", UUID.randomUUID().toString(), 0, "appended");
  }

  private static String appendThrough(EmbeddedEventStore store) {
    GenericDomainEventMessage<String> event = event();
    store.publish(event);
    return event.getIdentifier();
  }

  private static WakeableEventStore store(ParleyEventStorageEngine engine) {
    WakeableEventStore store =
        new WakeableEventStore(
            EmbeddedEventStore.builder().storageEngine(engine).fetchDelay(FETCH_DELAY_MILLIS));
    store.wakeReadersAfterHeadReads(engine);
    return store;
  }

  private static ParleyEventStorageEngine engine() {
    AutocommitReads transactions = database.transactions();
    JdbcEventStorageEngine.Builder builder = database.engineBuilder(transactions);
    return new ParleyEventStorageEngine(
        builder, EventSchema.builder().build(), transactions, null, List.of(), null, 500, true);
  }
}
