package io.parley.support.auth;

public class InvalidTokenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidTokenException(String message) {
    super(message, null, false, false);
  }
}
