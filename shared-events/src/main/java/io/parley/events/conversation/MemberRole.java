package io.parley.events.conversation;

public enum MemberRole {
  OWNER,
  ADMIN,
  MEMBER;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean canManageMembers() {
    return this == OWNER || this == ADMIN;
  }
}
