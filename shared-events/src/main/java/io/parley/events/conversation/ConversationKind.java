package io.parley.events.conversation;

public enum ConversationKind {
  DIRECT,
  GROUP;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
