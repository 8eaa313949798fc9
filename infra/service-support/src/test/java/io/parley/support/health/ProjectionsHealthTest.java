package io.parley.support.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.parley.support.admin.ReadModelRebuildStatus;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class ProjectionsHealthTest {
  private static final long HEAD = 50_000;

  private final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
  private final EventStore eventStore = mock(EventStore.class);
  private final StaticListableBeanFactory beans = new StaticListableBeanFactory();

  private Health health(EventProcessor... processors) {
    when(eventStore.createHeadToken()).thenReturn(new GlobalSequenceTrackingToken(HEAD));
    Map<String, EventProcessor> byName = new java.util.TreeMap<>();
    for (EventProcessor processor : processors) {
      byName.put(processor.getName(), processor);
    }
    when(processing.eventProcessors()).thenReturn(byName);
    return new ProjectionsHealth(
            processing, eventStore, beans.getBeanProvider(ReadModelRebuildStatus.class), 10_000)
        .health();
  }

  private static StreamingEventProcessor processor(
      String name, long position, boolean replaying, boolean error) {
    StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    EventTrackerStatus segment = mock(EventTrackerStatus.class);
    when(segment.getCurrentPosition()).thenReturn(OptionalLong.of(position));
    when(segment.isErrorState()).thenReturn(error);
    when(processor.getName()).thenReturn(name);
    when(processor.isRunning()).thenReturn(true);
    when(processor.isReplaying()).thenReturn(replaying);
    when(processor.processingStatus()).thenReturn(Map.of(0, segment));
    return processor;
  }

  @Test
  void processorsFollowingTheHeadAreUp() {
    Health health = health(processor("inbox", HEAD - 3, false, false));

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("head", HEAD).doesNotContainKey("degraded");
  }

  @Test
  void aReplayingProcessorDegradesWithoutGoingDown() {
    Health health =
        health(
            processor("inbox", 10, true, false), processor("user-directory", HEAD, false, false));

    assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
    assertThat(health.getDetails().get("degraded").toString())
        .contains("inbox={replaying=true, lagEvents=49990}")
        .doesNotContain("user-directory");
  }

  @Test
  void aRebuildWaitingToSwapCountsAsReplaying() {
    beans.addBean("rebuilds", (ReadModelRebuildStatus) "inbox"::equals);

    Health health = health(processor("inbox", HEAD, false, false));

    assertThat(health.getDetails().get("degraded").toString())
        .isEqualTo("{inbox={replaying=true}}");
  }

  @Test
  void aProcessorFarBehindOrInErrorDegrades() {
    Health health =
        health(
            processor("message-timeline", HEAD - 10_001, false, false),
            processor("inbox", HEAD - 9_000, false, false),
            processor("conversation-directory", HEAD, false, true));

    assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
    assertThat(health.getDetails().get("degraded").toString())
        .isEqualTo("{conversation-directory={error=true}, message-timeline={lagEvents=10001}}");
  }
}
