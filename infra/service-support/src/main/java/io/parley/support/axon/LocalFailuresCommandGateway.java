package io.parley.support.axon;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * The command gateway every service uses, answering a failure in another process with the exception
 * the handler threw ({@link RemoteFailures}): {@code catch (DomainException e)} works the same with
 * Axon Server as in one JVM. It notes whether a command begins its own transaction ({@link
 * CommandTransactions}).
 */
public final class LocalFailuresCommandGateway implements CommandGateway {
  private final CommandGateway delegate;

  public LocalFailuresCommandGateway(CommandGateway delegate) {
    this.delegate = delegate;
  }

  @Override
  public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
    CommandTransactions.dispatch(
        () -> {
          delegate.send(command, callback);
          return null;
        });
  }

  @Override
  public <R> R sendAndWait(Object command) {
    try {
      return CommandTransactions.dispatch(() -> delegate.<R>sendAndWait(command));
    } catch (RuntimeException e) {
      throw RemoteFailures.asLocalRuntime(e);
    }
  }

  @Override
  public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
    try {
      return CommandTransactions.dispatch(() -> delegate.<R>sendAndWait(command, timeout, unit));
    } catch (RuntimeException e) {
      throw RemoteFailures.asLocalRuntime(e);
    }
  }

  @Override
  public <R> CompletableFuture<R> send(Object command) {
    CompletableFuture<R> result = new CompletableFuture<>();
    CommandTransactions.dispatch(() -> delegate.<R>send(command))
        .whenComplete(
            (value, failure) -> {
              if (failure == null) {
                result.complete(value);
              } else {
                result.completeExceptionally(RemoteFailures.asLocal(failure));
              }
            });
    return result;
  }

  @Override
  public Registration registerDispatchInterceptor(
      MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
    return delegate.registerDispatchInterceptor(interceptor);
  }
}
