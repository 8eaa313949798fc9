package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Axon's two streaming processors reading a steady trickle of events through a paced source
 * (docs/adr/0226): every event is handled, in few batches, and the pooled one is not left waiting
 * for its next poll.
 */
class PacedProcessorsTest {
  private static final int EVENTS = 30;

  private final WakeableEventStore store =
      new WakeableEventStore(
          EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()));
  private final Set<UnitOfWork<?>> batches =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private final CountDownLatch handled = new CountDownLatch(EVENTS);
  private final ScheduledExecutorService coordinator = Executors.newScheduledThreadPool(1);
  private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(1);
  private StreamingEventProcessor processor;

  @AfterEach
  void stop() {
    if (processor != null) {
      processor.shutDown();
    }
    coordinator.shutdownNow();
    workers.shutdownNow();
    store.shutDown();
  }

  @Test
  void aTrackingProcessorHandlesATrickleInAFewBatches() throws Exception {
    TrackingEventProcessor tracking =
        TrackingEventProcessor.builder()
            .name("paced-tracking")
            .eventHandlerInvoker(invoker())
            .messageSource(
                PacedMessageSource.of("paced-tracking", store, Duration.ofMillis(200), 100))
            .tokenStore(new InMemoryTokenStore())
            .transactionManager(NoTransactionManager.INSTANCE)
            .trackingEventProcessorConfiguration(
                TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(100))
            .build();
    processor = tracking;
    trickleThrough(tracking);
  }

  @Test
  void aPooledProcessorHandlesATrickleInAFewBatchesWithoutWaitingForItsPoll() throws Exception {
    PooledStreamingEventProcessor pooled =
        PooledStreamingEventProcessor.builder()
            .name("paced-pooled")
            .eventHandlerInvoker(invoker())
            .messageSource(
                PacedMessageSource.of("paced-pooled", store, Duration.ofMillis(200), 100))
            .tokenStore(new InMemoryTokenStore())
            .transactionManager(NoTransactionManager.INSTANCE)
            .coordinatorExecutor(coordinator)
            .workerExecutor(workers)
            .batchSize(100)
            .initialSegmentCount(1)
            // a held event must be shown again by the source's own callback: without it the
            // coordinator would look again only after these, far beyond the test's wait
            .claimExtensionThreshold(TimeUnit.MINUTES.toMillis(5))
            .tokenClaimInterval(TimeUnit.MINUTES.toMillis(5))
            .build();
    processor = pooled;
    trickleThrough(pooled);
  }

  @Test
  void aHeldEventIsHandledAtOnceWhenAReadHurriesItsProcessors() throws Exception {
    for (String mode : new String[] {"tracking", "pooled"}) {
      String name = "paced-hurried-" + mode;
      // an interval far longer than the waits below: only the hurry can let the event through
      PacedMessageSource source = PacedMessageSource.of(name, store, Duration.ofMinutes(5), 100);
      CountDownLatch second = new CountDownLatch(2);
      EventMessageHandler handler =
          event -> {
            if (event.getPayload().toString().endsWith(mode)) {
              second.countDown();
            }
            return null;
          };
      SimpleEventHandlerInvoker invoker =
          SimpleEventHandlerInvoker.builder().eventHandlers(handler).build();
      StreamingEventProcessor streaming =
          "tracking".equals(mode)
              ? TrackingEventProcessor.builder()
                  .name(name)
                  .eventHandlerInvoker(invoker)
                  .messageSource(source)
                  .tokenStore(new InMemoryTokenStore())
                  .transactionManager(NoTransactionManager.INSTANCE)
                  .build()
              : PooledStreamingEventProcessor.builder()
                  .name(name)
                  .eventHandlerInvoker(invoker)
                  .messageSource(source)
                  .tokenStore(new InMemoryTokenStore())
                  .transactionManager(NoTransactionManager.INSTANCE)
                  .coordinatorExecutor(coordinator)
                  .workerExecutor(workers)
                  .initialSegmentCount(1)
                  .claimExtensionThreshold(TimeUnit.MINUTES.toMillis(5))
                  .tokenClaimInterval(TimeUnit.MINUTES.toMillis(5))
                  .build();
      try {
        streaming.start();
        store.publish(GenericEventMessage.asEventMessage("first " + mode));
        waitUntil(() -> second.getCount() == 1);
        store.publish(GenericEventMessage.asEventMessage("second " + mode));

        assertThat(second.await(500, TimeUnit.MILLISECONDS)).as(mode + ": held").isFalse();
        PacedMessageSource.hurry(java.util.List.of(name));
        assertThat(second.await(30, TimeUnit.SECONDS)).as(mode + ": hurried").isTrue();
      } finally {
        streaming.shutDown();
      }
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private void trickleThrough(StreamingEventProcessor streaming) throws Exception {
    MessageHandlerInterceptor<EventMessage<?>> countBatches =
        (unitOfWork, chain) -> {
          batches.add(unitOfWork);
          return chain.proceed();
        };
    ((org.axonframework.eventhandling.AbstractEventProcessor) streaming)
        .registerHandlerInterceptor(countBatches);
    streaming.start();
    store.publish(GenericEventMessage.asEventMessage("first"));
    Thread.sleep(300); // caught up, and idle longer than the interval
    batches.clear();

    for (int i = 0; i < EVENTS; i++) {
      store.publish(GenericEventMessage.asEventMessage("event " + i));
      // Far enough apart that the reader finds the stream empty between two: a reader that took
      // longer than this per event would rightly read on without a pause, as one behind does (a
      // fresh-clone CI run on a loaded machine did so with 10 ms, one batch per event).
      Thread.sleep(25);
    }

    assertThat(handled.await(30, TimeUnit.SECONDS)).isTrue();
    // about 750 ms of events at one batch per 200 ms; read as they come it would be ~30
    assertThat(batches).hasSizeLessThanOrEqualTo(EVENTS / 3);
  }

  private SimpleEventHandlerInvoker invoker() {
    // A handler that takes a moment, as a read model's batch does with its transaction: a pooled
    // processor's coordinator hands a round's events to the worker while it works on the first.
    EventMessageHandler handler =
        event -> {
          Thread.sleep(2);
          if (event.getPayload().toString().startsWith("event ")) {
            handled.countDown();
          }
          return null;
        };
    return SimpleEventHandlerInvoker.builder().eventHandlers(handler).build();
  }
}
