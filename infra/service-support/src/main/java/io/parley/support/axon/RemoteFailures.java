package io.parley.support.axon;

import io.parley.events.common.DomainErrorDetails;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.CommandExecutionException;

/**
 * A command's failure in another process, as the exception its handler would have thrown here
 * (docs/adr/0172): a {@link CommandExecutionException} with {@link DomainErrorDetails} (see {@link
 * DomainErrorsOverTheBus}) becomes that {@code DomainException}; anything else is returned as it
 * is.
 */
public final class RemoteFailures {
  private RemoteFailures() {}

  public static Throwable asLocal(Throwable failure) {
    Throwable e =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (e instanceof CommandExecutionException remote
        && remote.getDetails().orElse(null) instanceof DomainErrorDetails domain) {
      return domain.toException();
    }
    return failure;
  }

  /** {@link #asLocal} for rethrowing: a failure it does not recognise stays as it was. */
  public static RuntimeException asLocalRuntime(RuntimeException failure) {
    Throwable local = asLocal(failure);
    return local instanceof RuntimeException runtime ? runtime : failure;
  }
}
