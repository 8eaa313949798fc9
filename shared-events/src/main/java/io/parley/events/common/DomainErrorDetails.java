package io.parley.events.common;

/**
 * A {@link DomainException} as data: what a command handler's refusal carries across Axon Server as
 * the details of a {@code CommandExecutionException} (docs/adr/0172), so the dispatching service
 * answers with the same problem response as if the handler had run in its own JVM.
 */
public record DomainErrorDetails(ErrorCode code, String message) {
  public static DomainErrorDetails of(DomainException e) {
    return new DomainErrorDetails(e.code(), e.getMessage());
  }

  public DomainException toException() {
    return new DomainException(code, message);
  }
}
