-- Invite links as owners and admins list them and anyone with a code previews them (docs/adr/0159).
-- Part of the conversation directory read model.
CREATE TABLE directory_invite (
  code            VARCHAR(64) PRIMARY KEY,
  conversation_id UUID        NOT NULL,
  created_by      UUID        NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  expires_at      TIMESTAMPTZ,
  max_uses        INTEGER,
  uses            INTEGER     NOT NULL DEFAULT 0,
  revoked_at      TIMESTAMPTZ
);
CREATE INDEX directory_invite_by_group ON directory_invite (conversation_id, created_at, code);

-- Group activity (system entries) of the timeline (docs/adr/0160). Part of the inbox read model,
-- which knows each conversation's last seq in event order: an entry is anchored after the message
-- seq the group had when it happened, and ordered by the group's event sequence number.
CREATE TABLE inbox_activity (
  conversation_id UUID        NOT NULL,
  event_seq       BIGINT      NOT NULL,
  after_seq       BIGINT      NOT NULL,
  kind            VARCHAR(32) NOT NULL,
  actor_id        UUID,
  user_id         UUID,
  detail          TEXT,
  at              TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (conversation_id, event_seq)
);

-- A group's settings as of the last event, to tell what a GroupUpdatedEvent changed.
CREATE TABLE inbox_group_settings (
  conversation_id UUID         PRIMARY KEY,
  name            VARCHAR(400) NOT NULL,
  topic           TEXT,
  visibility      VARCHAR(16)  NOT NULL,
  created_at      TIMESTAMPTZ  NOT NULL
);
