package io.parley.support.health;

import io.parley.support.admin.ReadModelRebuildStatus;
import io.parley.support.axon.ParkedEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health component {@code projections} (docs/adr/0126): {@code DEGRADED} while one of this
 * process's event processors replays (its rebuilt tables not yet swapped in, docs/adr/0100), is far
 * behind the head of the log, or is in error and retrying; {@code UP} otherwise. Never {@code
 * DOWN}: the process still serves (reads as of the replay's start, pushes from the head), so a
 * replay must not take it out of rotation. Details name processors and counts only, nothing of any
 * user.
 */
public class ProjectionsHealth extends AbstractHealthIndicator {
  private final EventProcessingConfiguration processing;
  private final EventStore eventStore;
  private final ObjectProvider<ReadModelRebuildStatus> rebuilds;
  private final long maxLagEvents;

  public ProjectionsHealth(
      EventProcessingConfiguration processing,
      EventStore eventStore,
      ObjectProvider<ReadModelRebuildStatus> rebuilds,
      long maxLagEvents) {
    super("Reading the event processors' positions failed");
    this.processing = processing;
    this.eventStore = eventStore;
    this.rebuilds = rebuilds;
    this.maxLagEvents = maxLagEvents;
  }

  @Override
  protected void doHealthCheck(Health.Builder health) {
    TrackingToken headToken = eventStore.createHeadToken();
    long head = headToken == null ? 0 : headToken.position().orElse(0);
    Map<String, Object> degraded = new TreeMap<>();
    for (EventProcessor processor : processing.eventProcessors().values()) {
      if (!(processor instanceof StreamingEventProcessor streaming) || !processor.isRunning()) {
        continue;
      }
      Map<String, Object> problem = problem(streaming, head);
      if (!problem.isEmpty()) {
        degraded.put(processor.getName(), problem);
      }
    }
    if (degraded.isEmpty()) {
      health.up().withDetail("head", head);
    } else {
      health
          .status(ParkedEvents.DEGRADED)
          .withDetail("head", head)
          .withDetail("degraded", degraded);
    }
  }

  private Map<String, Object> problem(StreamingEventProcessor processor, long head) {
    Long position = null;
    boolean error = processor.isError();
    for (EventTrackerStatus segment : processor.processingStatus().values()) {
      OptionalLong current = segment.getCurrentPosition();
      if (current.isPresent()) {
        position = position == null ? current.getAsLong() : Math.min(position, current.getAsLong());
      }
      error |= segment.isErrorState();
    }
    boolean replaying =
        processor.isReplaying()
            || rebuilds.stream().anyMatch(status -> status.rebuilding(processor.getName()));
    long lag = position == null ? 0 : Math.max(0, head - position);
    Map<String, Object> problem = new LinkedHashMap<>();
    if (replaying) {
      problem.put("replaying", true);
    }
    if (lag > maxLagEvents) {
      problem.put("lagEvents", lag);
    }
    if (error) {
      problem.put("error", true);
    }
    return problem;
  }
}
