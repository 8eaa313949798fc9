package io.parley.query;

import io.parley.query.rebuild.ReadModelRebuilds;
import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;

/** Starting a replay of one processor as the operator API does, and waiting for its swap. */
public final class Replays {
  private Replays() {}

  /** Stops {@code group}, resets its tokens (its reset handlers run) and starts it again. */
  public static void restartFromTheBeginning(
      EventProcessingConfiguration processing, String group) {
    TrackingEventProcessor processor =
        processing.eventProcessor(group, TrackingEventProcessor.class).orElseThrow();
    processor.shutDown();
    awaitWorkersEnded(group);
    processor.resetTokens();
    processor.start();
  }

  /** Until the rebuilt tables of {@code group} have replaced the live ones. */
  public static void awaitSwapped(ReadModelRebuilds rebuilds, String group) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (rebuilds.rebuilding(group)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the rebuilt tables of " + group + " were never swapped in");
      }
      sleep();
    }
  }

  /**
   * A tracking processor's shutDown gives its workers 5 s to stop; on a loaded machine one can
   * outlive that and keep going next to the restarted processor's, handling the same segment twice.
   */
  public static void awaitWorkersEnded(String group) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith("EventProcessor[" + group + "]"))) {
      if (System.nanoTime() > deadline) {
        StringBuilder stacks = new StringBuilder();
        Thread.getAllStackTraces()
            .forEach(
                (thread, frames) -> {
                  if (thread.getName().startsWith("EventProcessor[" + group + "]")) {
                    stacks
                        .append('\n')
                        .append(thread.getName())
                        .append(' ')
                        .append(thread.getState());
                    for (StackTraceElement frame : frames) {
                      stacks.append("\n  at ").append(frame);
                    }
                  }
                });
        throw new AssertionError("the workers of " + group + " did not stop:" + stacks);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
