-- Credentials and the set-based uniqueness of usernames and emails. Never in the event log:
-- this row can be erased without rewriting history.
CREATE TABLE account_credentials (
  user_id        UUID         PRIMARY KEY,
  username_lower VARCHAR(32)  NOT NULL UNIQUE,
  username       VARCHAR(32)  NOT NULL,
  display_name   VARCHAR(256) NOT NULL,
  email_lower    VARCHAR(320) NOT NULL UNIQUE,
  password_hash  VARCHAR(255) NOT NULL,
  created_at     TIMESTAMPTZ  NOT NULL
);

CREATE TABLE device_session (
  session_id   UUID         PRIMARY KEY,
  user_id      UUID         NOT NULL REFERENCES account_credentials (user_id) ON DELETE CASCADE,
  device_name  VARCHAR(100),
  created_at   TIMESTAMPTZ  NOT NULL,
  ended_at     TIMESTAMPTZ
);
CREATE INDEX device_session_user ON device_session (user_id);

-- Refresh tokens are stored as SHA-256 hashes only; a spent one stays to detect reuse.
CREATE TABLE refresh_token (
  token_hash  BYTEA        PRIMARY KEY,
  session_id  UUID         NOT NULL REFERENCES device_session (session_id) ON DELETE CASCADE,
  expires_at  TIMESTAMPTZ  NOT NULL,
  spent_at    TIMESTAMPTZ
);
CREATE INDEX refresh_token_session ON refresh_token (session_id);
