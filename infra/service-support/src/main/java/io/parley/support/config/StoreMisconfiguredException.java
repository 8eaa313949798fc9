package io.parley.support.config;

/** A store is missing, misconfigured or unreachable; carries the fix for the operator. */
public class StoreMisconfiguredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String store;
  private final String action;

  public StoreMisconfiguredException(String store, String description, String action) {
    this(store, description, action, null);
  }

  public StoreMisconfiguredException(
      String store, String description, String action, Throwable cause) {
    super(description, cause);
    this.store = store;
    this.action = action;
  }

  public String store() {
    return store;
  }

  public String action() {
    return action;
  }
}
