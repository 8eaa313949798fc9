-- End-to-end encryption (docs/adr/0182): the command side's lookup of the active device keys (one
-- per live device session) and of each user's key backup, kept from the Account events in the
-- transaction that appends them. RecipientKeys computes a conversation's keySetVersion from them,
-- and GET /api/me/key-backup reads the backup here. Ended keys leave the table (their history is
-- the query side's directory).
CREATE TABLE device_key (
  session_id  UUID PRIMARY KEY,
  user_id     UUID NOT NULL,
  device_name TEXT,
  fingerprint TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX device_key_by_user ON device_key (user_id);

CREATE TABLE key_backup (
  user_id               UUID PRIMARY KEY,
  fingerprint           TEXT NOT NULL,
  public_key            TEXT NOT NULL,
  encrypted_private_key TEXT NOT NULL,
  created_at            TIMESTAMPTZ NOT NULL
);
