package io.parley.events.conversation;

public enum Visibility {
  PUBLIC,
  PRIVATE;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
