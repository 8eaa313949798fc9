package io.parley.support.admin;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.metrics.ProcessorLag;
import io.parley.support.web.CurrentUser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of this process's event processors: where each stands against the head of the
 * log, whether it replays or failed, and a reset that rebuilds its read model while the system
 * keeps serving. A read model rebuilt beside its live tables counts as replaying until the rebuilt
 * tables have replaced the live ones (docs/adr/0100).
 */
@RestController
class ProcessorAdminController {
  record ProcessorStatus(
      String name,
      boolean running,
      boolean error,
      String errorMessage,
      boolean replaying,
      boolean caughtUp,
      int segments,
      Long position,
      long head,
      Long lagEvents,
      Double lagSeconds,
      Long replayFrom,
      Double replayProgress,
      Long deadLetters,
      boolean resettable) {}

  private final EventProcessingConfiguration processing;
  private final AdminGuard guard;
  private final Set<String> notResettable;
  private final ObjectProvider<ReadModelRebuildStatus> rebuilds;
  private final ProcessorLag lag;

  ProcessorAdminController(
      EventProcessingConfiguration processing,
      AdminGuard guard,
      @Value("${parley.admin.not-resettable:push-delivery}") Set<String> notResettable,
      ObjectProvider<ReadModelRebuildStatus> rebuilds,
      ProcessorLag lag) {
    this.processing = processing;
    this.lag = lag;
    this.guard = guard;
    this.notResettable = notResettable;
    this.rebuilds = rebuilds;
  }

  @GetMapping("/api/admin/processors")
  Map<String, List<ProcessorStatus>> list(@CurrentUser AuthenticatedUser user) {
    guard.require(user);
    long head = head();
    List<ProcessorStatus> items = new ArrayList<>();
    processing.eventProcessors().values().stream()
        .sorted(Comparator.comparing(EventProcessor::getName))
        .forEach(processor -> items.add(status(processor, head)));
    return Map.of("items", items);
  }

  @GetMapping("/api/admin/processors/{name}")
  ProcessorStatus one(@CurrentUser AuthenticatedUser user, @PathVariable String name) {
    guard.require(user);
    return status(find(name), head());
  }

  @PostMapping("/api/admin/processors/{name}/replay")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, List<ProcessorStatus>> replay(
      @CurrentUser AuthenticatedUser user, @PathVariable String name) {
    guard.require(user);
    List<StreamingEventProcessor> targets = new ArrayList<>();
    if ("all".equals(name)) {
      processing.eventProcessors().values().stream()
          .filter(this::resettable)
          .map(StreamingEventProcessor.class::cast)
          .forEach(targets::add);
    } else {
      EventProcessor processor = find(name);
      if (!resettable(processor)) {
        throw new DomainException(
            ErrorCode.CONFLICT, "Processor '" + name + "' has no durable position to reset.");
      }
      targets.add((StreamingEventProcessor) processor);
    }
    for (StreamingEventProcessor target : targets) {
      if (target.isReplaying() || rebuilding(target.getName())) {
        throw new DomainException(
            ErrorCode.CONFLICT, "Processor '" + target.getName() + "' is already replaying.");
      }
    }
    long head = head();
    List<ProcessorStatus> started = new ArrayList<>();
    for (StreamingEventProcessor target : targets) {
      target.shutDown();
      try {
        target.resetTokens();
      } catch (UnableToClaimTokenException e) {
        // Another instance holds some of its segments (docs/adr/0173): leave everything running.
        target.start();
        throw new DomainException(
            ErrorCode.CONFLICT,
            "Another instance holds segments of '"
                + target.getName()
                + "'. Stop the other instances of this service (or their processor) and replay"
                + " again.");
      }
      target.start();
      started.add(status(target, head));
    }
    return Map.of("items", started);
  }

  /** Whether a rebuilt read model of {@code processor} still waits to replace the live one. */
  private boolean rebuilding(String processor) {
    return rebuilds.stream().anyMatch(status -> status.rebuilding(processor));
  }

  private EventProcessor find(String name) {
    EventProcessor processor = processing.eventProcessors().get(name);
    if (processor == null) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No processor named '" + name + "'.");
    }
    return processor;
  }

  private boolean resettable(EventProcessor processor) {
    return processor instanceof StreamingEventProcessor streaming
        && streaming.supportsReset()
        && !notResettable.contains(processor.getName());
  }

  private long head() {
    return lag.head();
  }

  private ProcessorStatus status(EventProcessor processor, long head) {
    Long deadLetters =
        processing
            .deadLetterQueue(processor.getName())
            .map(queue -> queue.amountOfSequences())
            .orElse(null);
    if (!(processor instanceof StreamingEventProcessor streaming)) {
      return new ProcessorStatus(
          processor.getName(),
          processor.isRunning(),
          processor.isError(),
          null,
          false,
          true,
          0,
          null,
          head,
          null,
          null,
          null,
          null,
          deadLetters,
          false);
    }
    Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
    ProcessorLag.Lag behind = lag.of(processor, head);
    Long position = behind.position();
    Long resetPosition = null;
    boolean caughtUp = !segments.isEmpty();
    String error = null;
    for (EventTrackerStatus segment : segments.values()) {
      OptionalLong reset = segment.getResetPosition();
      if (reset.isPresent()) {
        resetPosition =
            resetPosition == null ? reset.getAsLong() : Math.max(resetPosition, reset.getAsLong());
      }
      caughtUp &= segment.isCaughtUp();
      if (segment.isErrorState() && segment.getError() != null) {
        error =
            segment.getError().getClass().getSimpleName() + ": " + segment.getError().getMessage();
      }
    }
    boolean swapPending = rebuilding(processor.getName());
    boolean replaying = streaming.isReplaying() || swapPending;
    caughtUp &= !swapPending;
    Double progress = null;
    if (replaying && resetPosition != null && resetPosition > 0) {
      progress = Math.min(1.0, (position == null ? 0 : position) / (double) resetPosition);
    } else if (swapPending) {
      progress = 1.0;
    }
    return new ProcessorStatus(
        processor.getName(),
        processor.isRunning(),
        processor.isError() || error != null,
        error,
        replaying,
        caughtUp,
        segments.size(),
        position,
        head,
        behind.events(),
        behind.seconds(),
        replaying ? resetPosition : null,
        progress,
        deadLetters,
        resettable(processor));
  }
}
