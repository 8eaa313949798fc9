package io.parley.support.axon;

import java.sql.Connection;
import java.sql.Savepoint;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs each event handler of a dead-lettering processor inside a savepoint of the batch's Postgres
 * transaction. A handler that fails on Postgres would otherwise leave the whole transaction
 * aborted, so the event could not be parked and the batch (with its token) could never commit;
 * rolled back to the savepoint, the failed event is parked and the batch goes on.
 */
public class SavepointPerEventHandler implements HandlerEnhancerDefinition {
  private final DataSource dataSource;
  private final DeadLetterQueues queues;

  public SavepointPerEventHandler(DataSource dataSource, DeadLetterQueues queues) {
    this.dataSource = dataSource;
    this.queues = queues;
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
    return new WrappedMessageHandlingMember<>(original) {
      @Override
      public Object handle(Message<?> message, T target) throws Exception {
        ConnectionHolder holder =
            (ConnectionHolder) TransactionSynchronizationManager.getResource(dataSource);
        if (holder == null || !queues.hasQueue(group.get())) {
          return super.handle(message, target);
        }
        Connection connection = holder.getConnection();
        Savepoint savepoint = connection.setSavepoint();
        try {
          Object result = super.handle(message, target);
          connection.releaseSavepoint(savepoint);
          return result;
        } catch (Exception | Error e) {
          connection.rollback(savepoint);
          throw e;
        }
      }
    };
  }

  private static Optional<String> processingGroup(Class<?> type) {
    ProcessingGroup group = type.getAnnotation(ProcessingGroup.class);
    return Optional.ofNullable(group).map(ProcessingGroup::value);
  }
}
