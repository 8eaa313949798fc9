package io.parley.events.common;

/**
 * A rule of the domain refused a command. Thrown by aggregates and handlers; the web layer turns it
 * into a problem response with the code's status.
 */
public class DomainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public DomainException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
