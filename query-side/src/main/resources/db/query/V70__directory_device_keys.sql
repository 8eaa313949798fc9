-- End-to-end encryption (docs/adr/0182): every device key ever published (active, replaced or
-- revoked: clients verify old signatures and warn on changes) and each user's current backup key
-- (its public half only; the passphrase-protected private half is read from the command side).
-- Kept by the conversation-directory processor, so one read barrier covers memberships and keys.
CREATE TABLE directory_device_key (
  session_id  UUID NOT NULL,
  fingerprint TEXT NOT NULL,
  user_id     UUID NOT NULL,
  device_name TEXT,
  public_key  TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('active', 'replaced', 'revoked')),
  created_at  TIMESTAMPTZ NOT NULL,
  ended_at    TIMESTAMPTZ,
  PRIMARY KEY (session_id, fingerprint)
);
CREATE INDEX directory_device_key_by_user ON directory_device_key (user_id, created_at DESC);
CREATE INDEX directory_device_key_active ON directory_device_key (user_id) WHERE status = 'active';

CREATE TABLE directory_backup_key (
  user_id     UUID PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL
);
