package io.parley.events.account;

public enum SessionEndReason {
  LOGOUT,
  PASSWORD_CHANGED,
  REFRESH_TOKEN_REUSED,
  /** Ended by its user from another device (DELETE /api/me/sessions/{id}). */
  REVOKED,
  ACCOUNT_DELETED
}
