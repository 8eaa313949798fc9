-- What the gateway needs to describe a conversation or a user in a pushed event, kept from the
-- event stream by the push service itself (it reads no other service's tables). Written by the
-- live and the catch-up consumers; `version` (the aggregate sequence) keeps older events from
-- overwriting newer ones.
CREATE TABLE push_conversation (
  conversation_id UUID         PRIMARY KEY,
  kind            VARCHAR(16)  NOT NULL,
  name            VARCHAR(200),
  topic           VARCHAR(2048),
  visibility      VARCHAR(16)  NOT NULL,
  created_at      TIMESTAMPTZ  NOT NULL,
  last_seq        BIGINT       NOT NULL DEFAULT 0,
  version         BIGINT       NOT NULL
);

CREATE TABLE push_user (
  user_id      UUID         PRIMARY KEY,
  username     VARCHAR(64)  NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  created_at   TIMESTAMPTZ  NOT NULL,
  version      BIGINT       NOT NULL
);

-- Presence across push processes. Each process holds a lease it renews every third of a
-- heartbeat interval; a row per (user, process) says that process holds live sockets of the user.
-- A process that crashes stops renewing, and any other process expires its rows.
CREATE TABLE push_process (
  process_id  UUID        PRIMARY KEY,
  lease_until TIMESTAMPTZ NOT NULL
);

CREATE TABLE push_presence_socket (
  user_id    UUID NOT NULL,
  process_id UUID NOT NULL REFERENCES push_process (process_id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, process_id)
);
CREATE INDEX push_presence_socket_process ON push_presence_socket (process_id);

CREATE TABLE push_user_presence (
  user_id      UUID        PRIMARY KEY,
  online       BOOLEAN     NOT NULL,
  last_seen_at TIMESTAMPTZ NOT NULL
);

-- The highest seq each user acknowledged as delivered per conversation: acks only move forward.
CREATE TABLE push_delivery_marker (
  conversation_id UUID   NOT NULL,
  user_id         UUID   NOT NULL,
  seq             BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);
