-- The directory read model: users, conversations and memberships. Rebuilt from events.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE directory_user (
  user_id      UUID         PRIMARY KEY,
  username     VARCHAR(32)  NOT NULL,
  display_name VARCHAR(256) NOT NULL,
  created_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX directory_user_username_trgm ON directory_user USING gin (lower(username) gin_trgm_ops);
CREATE INDEX directory_user_display_name_trgm ON directory_user USING gin (lower(display_name) gin_trgm_ops);

CREATE TABLE directory_conversation (
  conversation_id UUID          PRIMARY KEY,
  kind            VARCHAR(10)   NOT NULL,
  name            VARCHAR(512),
  topic           VARCHAR(4096) NOT NULL DEFAULT '',
  visibility      VARCHAR(10)   NOT NULL,
  created_at      TIMESTAMPTZ   NOT NULL,
  member_count    INTEGER       NOT NULL DEFAULT 0
);

CREATE TABLE directory_membership (
  conversation_id UUID        NOT NULL,
  user_id         UUID        NOT NULL,
  role            VARCHAR(10) NOT NULL,
  joined_at       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX directory_membership_user ON directory_membership (user_id);
