package io.parley.support.axon;

import java.sql.Connection;
import java.sql.Savepoint;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * How the handlers of a dead-lettering processor keep one failing event from blocking the others
 * (docs/adr/0007, docs/adr/0062) without paying for that on every event.
 *
 * <p>A batch first runs <em>per batch</em>: no savepoints, and handlers may leave their writes to
 * the end of the batch ({@link Batches#deferrable()}). If that batch fails anywhere, nothing of it
 * commits (not its token either) and every aggregate it touched is remembered; when the batch comes
 * again, those aggregates' events run <em>isolated</em>: each inside a savepoint of the batch's
 * Postgres transaction, its writes applied before its handler returns. A failing event then fails
 * alone, is rolled back to its savepoint and parked, and the rest of the batch commits. An
 * aggregate leaves the isolated set once a batch with its events has committed.
 *
 * <p>A group without a dead-letter queue parks nothing: its batches always run per batch and a
 * failing one is retried whole. {@code parley.processors.<group>.event-isolation=event} isolates
 * every event, always (the behaviour before ADR 0062, kept to measure it against).
 */
public class EventIsolation implements HandlerEnhancerDefinition {
  private final DataSource dataSource;
  private final DeadLetterQueues queues;
  private final Environment environment;
  private final Set<String> isolated = ConcurrentHashMap.newKeySet();

  public EventIsolation(DataSource dataSource, DeadLetterQueues queues, Environment environment) {
    this.dataSource = dataSource;
    this.queues = queues;
    this.environment = environment;
  }

  /** Whether {@code group} is configured to isolate every event. */
  static boolean alwaysIsolated(Environment environment, String group) {
    String mode =
        environment.getProperty("parley.processors." + group + ".event-isolation", "batch");
    if (!mode.equals("batch") && !mode.equals("event")) {
      throw new IllegalArgumentException(
          "parley.processors." + group + ".event-isolation must be 'batch' or 'event'");
    }
    return mode.equals("event");
  }

  @Override
  public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
    if (!original.canHandleMessageType(EventMessage.class)
        || original.hasAnnotation(EventSourcingHandler.class)) {
      return original;
    }
    Optional<String> group = processingGroup(original.declaringClass());
    if (group.isEmpty()) {
      return original;
    }
    boolean always = alwaysIsolated(environment, group.get());
    return new WrappedMessageHandlingMember<>(original) {
      @Override
      public Object handle(Message<?> message, T target) throws Exception {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get() : null;
        boolean inBatch = unitOfWork instanceof BatchingUnitOfWork;
        if (!queues.hasQueue(group.get())) {
          // Nothing is parked: a failing batch is only ever retried whole.
          Boolean previous = Batches.setDeferrable(inBatch && !always);
          try {
            return super.handle(message, target);
          } finally {
            Batches.setDeferrable(previous);
          }
        }
        String key = group.get() + "/" + sequenceKey(message);
        boolean isolate = !inBatch || always || isolated.contains(key);
        if (inBatch) {
          track(unitOfWork, group.get(), key, isolate);
        }
        Boolean previous = Batches.setDeferrable(!isolate);
        try {
          return isolate
              ? inSavepoint(() -> super.handle(message, target))
              : super.handle(message, target);
        } finally {
          Batches.setDeferrable(previous);
        }
      }
    };
  }

  private record Touched(Set<String> keys, Set<String> isolatedKeys) {}

  /** Remembers the batch's aggregates: all of them if it rolls back, the isolated ones done. */
  private void track(UnitOfWork<?> batch, String group, String key, boolean isolate) {
    Touched touched =
        batch.getOrComputeResource(
            "parley.event-isolation/" + group,
            k -> {
              Touched created = new Touched(new HashSet<>(), new HashSet<>());
              batch.onRollback(u -> isolated.addAll(created.keys()));
              batch.afterCommit(u -> isolated.removeAll(created.isolatedKeys()));
              return created;
            });
    touched.keys().add(key);
    if (isolate) {
      touched.isolatedKeys().add(key);
    }
  }

  private interface Handling {
    Object handle() throws Exception;
  }

  /**
   * A handler that fails on Postgres would otherwise leave the whole transaction aborted, so the
   * event could not be parked and the batch (with its token) could never commit.
   */
  private Object inSavepoint(Handling handling) throws Exception {
    ConnectionHolder holder =
        (ConnectionHolder) TransactionSynchronizationManager.getResource(dataSource);
    if (holder == null) {
      return handling.handle();
    }
    Connection connection = holder.getConnection();
    Savepoint savepoint = connection.setSavepoint();
    try {
      Object result = handling.handle();
      connection.releaseSavepoint(savepoint);
      return result;
    } catch (Exception | Error e) {
      connection.rollback(savepoint);
      throw e;
    }
  }

  /**
   * The unit Axon keeps in order and parks together ({@link PerConversationSequencing}): the
   * aggregate, else the conversation (or user) the event belongs to, else the event itself.
   */
  private static String sequenceKey(Message<?> message) {
    if (message instanceof DomainEventMessage<?> domain) {
      return domain.getAggregateIdentifier();
    }
    String sequence = PerConversationSequencing.sequenceOf(message.getPayload());
    return sequence != null ? sequence : message.getIdentifier();
  }

  private static Optional<String> processingGroup(Class<?> type) {
    ProcessingGroup group = type.getAnnotation(ProcessingGroup.class);
    return Optional.ofNullable(group).map(ProcessingGroup::value);
  }
}
