package io.parley.support.axon;

import io.parley.events.common.DomainErrorDetails;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import org.axonframework.axonserver.connector.command.GrpcBackedCommandMessage;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * A command that came through Axon Server and was refused by its handler leaves with its error code
 * (docs/adr/0172): Axon Server carries only an exception's message and the details of a {@link
 * CommandExecutionException}, so a {@link DomainException} is rethrown as one with {@link
 * DomainErrorDetails}, and the dispatcher's web layer answers with the code's status instead of a
 * 500. An unknown aggregate travels as {@code NOT_FOUND}, as the local web layer answers it.
 *
 * <p>Commands handled in the JVM that sent them (the standalone app, the JDBC modes) are left
 * alone: their callers keep catching the {@link DomainException} itself.
 */
public final class DomainErrorsOverTheBus implements MessageHandlerInterceptor<CommandMessage<?>> {
  @Override
  public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
      throws Exception {
    if (!(unitOfWork.getMessage() instanceof GrpcBackedCommandMessage<?>)) {
      return chain.proceed();
    }
    try {
      return chain.proceed();
    } catch (DomainException e) {
      throw new CommandExecutionException(e.getMessage(), e, DomainErrorDetails.of(e));
    } catch (AggregateNotFoundException e) {
      throw new CommandExecutionException(
          e.getMessage(), e, new DomainErrorDetails(ErrorCode.NOT_FOUND, "Not found."));
    }
  }
}
