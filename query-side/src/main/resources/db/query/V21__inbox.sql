-- The inbox read model (docs/adr/0032): one row per conversation updated once per message, one
-- row per (user, conversation) carrying the read marker, and the seqs of deleted messages so an
-- exact unread count is a short index range count.
CREATE TABLE inbox_conversation (
  conversation_id  UUID        PRIMARY KEY,
  last_seq         BIGINT      NOT NULL DEFAULT 0,
  last_activity_at TIMESTAMPTZ NOT NULL,
  last_message_id  BIGINT,
  last_sender_id   UUID,
  last_body        TEXT,
  last_reply_to    BIGINT,
  last_created_at  TIMESTAMPTZ,
  last_edited_at   TIMESTAMPTZ,
  last_deleted     BOOLEAN     NOT NULL DEFAULT false
);

CREATE TABLE inbox_entry (
  user_id         UUID   NOT NULL,
  conversation_id UUID   NOT NULL,
  read_seq        BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, conversation_id)
);

CREATE TABLE inbox_deleted_message (
  conversation_id UUID   NOT NULL,
  seq             BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
