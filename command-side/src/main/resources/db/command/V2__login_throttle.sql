-- Failed-login counters for brute-force protection, one row per throttled key (an account, an
-- unknown login name's hash, or a client address) and fixed window. Short-lived: rows past their
-- window are deleted as new failures arrive.
CREATE TABLE login_throttle (
  throttle_key     VARCHAR(80)  PRIMARY KEY,
  window_started   TIMESTAMPTZ  NOT NULL,
  attempts         INTEGER      NOT NULL
);
CREATE INDEX login_throttle_window ON login_throttle (window_started);

-- Ending the other sessions of a user on a password change looks up their live sessions.
CREATE INDEX device_session_user_live ON device_session (user_id) WHERE ended_at IS NULL;
