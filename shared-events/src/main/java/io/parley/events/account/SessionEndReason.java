package io.parley.events.account;

public enum SessionEndReason {
  LOGOUT,
  PASSWORD_CHANGED,
  REFRESH_TOKEN_REUSED
}
