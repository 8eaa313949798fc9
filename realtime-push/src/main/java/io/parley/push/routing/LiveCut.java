package io.parley.push.routing;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A consistent cut of live delivery (docs/adr/0175): with the log reader held between two events
 * and every delivery lane drained, every event up to the returned position has been pushed to every
 * session of this process and no later one has. Sessions are snapshotted for a handover, or a
 * resumed session starts receiving live pushes, inside such a cut, so a session's event ids and a
 * log position describe the same set of events.
 */
@Component
public class LiveCut {
  private final ReentrantLock reader = new ReentrantLock();
  private final DeliveryLanes lanes;
  private final ObjectProvider<EventProcessingConfiguration> processing;
  private volatile TrackingToken lastHandled;

  LiveCut(DeliveryLanes lanes, ObjectProvider<EventProcessingConfiguration> processing) {
    this.lanes = lanes;
    this.processing = processing;
  }

  /**
   * The interceptor to register on the live consumer only. Not a bean itself: Axon registers every
   * interceptor bean on every processor, and the cut must hold the live reader alone.
   */
  MessageHandlerInterceptor<EventMessage<?>> interceptor() {
    return this::handle;
  }

  /** Runs around each event the live consumer handles, on its reader thread. */
  private Object handle(
      UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
      throws Exception {
    reader.lock();
    try {
      Object result = interceptorChain.proceed();
      if (unitOfWork.getMessage() instanceof TrackedEventMessage<?> tracked) {
        lastHandled = tracked.trackingToken();
      }
      return result;
    } finally {
      reader.unlock();
    }
  }

  /**
   * Holds the reader, drains the lanes and runs {@code action} with the position everything up to
   * which has been pushed (null when live delivery has no position this service can store yet).
   */
  public <T> T atCut(Function<TrackingToken, T> action) {
    // Most of the drain happens with the reader still running; under the lock the lanes then
    // only have what arrived meanwhile, so live delivery pauses as briefly as it can.
    lanes.awaitIdle();
    reader.lock();
    try {
      lanes.awaitIdle();
      TrackingToken position = lastHandled != null ? lastHandled : statusPosition();
      return action.apply(position != null && LogPositions.supported(position) ? position : null);
    } finally {
      reader.unlock();
    }
  }

  /** Before its first handled event: the position the live consumer started from. */
  private TrackingToken statusPosition() {
    EventProcessingConfiguration configuration = processing.getIfAvailable();
    if (configuration == null) {
      return null;
    }
    return configuration
        .eventProcessor(LiveDelivery.GROUP, StreamingEventProcessor.class)
        .flatMap(
            processor ->
                processor.processingStatus().values().stream()
                    .map(EventTrackerStatus::getTrackingToken)
                    .filter(java.util.Objects::nonNull)
                    .findFirst())
        .orElse(null);
  }
}
