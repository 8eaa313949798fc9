-- Command-side lookups for groups (docs/adr/0159, 0160), written by subscribing handlers in the
-- transaction that appends the event, so they are never behind the aggregate.
-- Which group an invite code belongs to: the join route finds the aggregate by the code.
CREATE TABLE group_invite_code (
  code            VARCHAR(64) PRIMARY KEY,
  conversation_id UUID        NOT NULL
);
CREATE INDEX group_invite_code_by_group ON group_invite_code (conversation_id);

-- Public groups by exact name, case-insensitively: join by name.
CREATE TABLE group_public_name (
  conversation_id UUID         PRIMARY KEY,
  name_key        VARCHAR(400) NOT NULL,
  created_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX group_public_name_by_key ON group_public_name (name_key, created_at);
