package io.parley.events.conversation;

import java.util.Locale;

/**
 * How much of a conversation reaches a member who is not looking at it (Web Push, the browser's
 * notifications, the inbox's emphasis). Unread counts and mention counts are kept whatever the
 * level.
 */
public enum NotificationLevel {
  /** Every message from someone else. The default for direct conversations and groups. */
  ALL,
  /** Only messages that mention the member by name, or {@code @here}/{@code @everyone}. */
  MENTIONS,
  /** Nothing. */
  MUTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a message from someone else, mentioning this member or not, should notify. */
  public boolean notifies(boolean mentioned) {
    return this == ALL || (this == MENTIONS && mentioned);
  }
}
