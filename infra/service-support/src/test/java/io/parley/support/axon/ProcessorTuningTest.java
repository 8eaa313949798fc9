package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.support.Niceness;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingModule;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.mock.env.MockEnvironment;

/** The threads a tuned processor runs on (docs/adr/0224). */
class ProcessorTuningTest {

  @Test
  void aPooledProcessorsCoordinatorAndWorkersRunTheConfiguredStepsDown() throws Exception {
    OptionalInt main = Niceness.currentThreadNice();
    assumeTrue(main.isPresent(), "the kernel reports a thread's nice value only on Linux");
    ScheduledExecutorService coordinator = ProcessorTuning.executor("inbox-coordinator", 1, 5);
    ScheduledExecutorService workers = ProcessorTuning.executor("inbox-worker", 2, 5);
    try {
      // as Axon does: the coordinator hands work to the workers from its own (lowered) thread
      int worker =
          coordinator
              .submit(() -> workers.submit(ProcessorTuningTest::nice).get(10, TimeUnit.SECONDS))
              .get(10, TimeUnit.SECONDS);

      assertThat(coordinator.submit(ProcessorTuningTest::nice).get(10, TimeUnit.SECONDS))
          .isEqualTo(main.getAsInt() + 5);
      assertThat(worker).isEqualTo(main.getAsInt() + 5);
    } finally {
      coordinator.shutdownNow();
      workers.shutdownNow();
    }
  }

  @Test
  void aTrackingProcessorsThreadsKeepAxonsNamesAndRunLowered() throws Exception {
    OptionalInt main = Niceness.currentThreadNice();
    assumeTrue(main.isPresent());
    ThreadFactory threads = ProcessorTuning.threads("message-search", 5);
    java.util.concurrent.CompletableFuture<Integer> seen =
        new java.util.concurrent.CompletableFuture<>();
    Thread thread = threads.newThread(() -> seen.complete(nice()));
    thread.start();

    assertThat(thread.getName()).startsWith("EventProcessor[message-search]");
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(main.getAsInt() + 5);
  }

  @Test
  void aTrackingProcessorWithMoreSegmentsThanThreadsIsReportedAtStart() {
    Logger logger = (Logger) LoggerFactory.getLogger(ProcessorTuning.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    try {
      MockEnvironment fewer =
          new MockEnvironment()
              .withProperty("parley.processors.inbox.mode", "tracking")
              .withProperty("parley.processors.inbox.threads", "2")
              .withProperty("parley.processors.inbox.segments", "4");
      ProcessorTuning.apply(new EventProcessingModule(), fewer, "inbox", 100);
      ProcessorTuning.apply(
          new EventProcessingModule(),
          fewer.withProperty("parley.processors.inbox.mode", "pooled"),
          "inbox",
          100);
      ProcessorTuning.apply(
          new EventProcessingModule(),
          new MockEnvironment()
              .withProperty("parley.processors.inbox.threads", "4")
              .withProperty("parley.processors.inbox.segments", "4"),
          "inbox",
          100);

      assertThat(seen.list)
          .singleElement()
          .extracting(ILoggingEvent::getFormattedMessage)
          .asString()
          .contains("inbox has 4 segments and 2 threads: 2 segments are processed only if another");
    } finally {
      logger.detachAppender(seen);
    }
  }

  private static int nice() {
    return Niceness.currentThreadNice().orElseThrow();
  }
}
