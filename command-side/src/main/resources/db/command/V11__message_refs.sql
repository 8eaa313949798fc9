-- The facts about each message the command side needs to validate later commands (author, seq,
-- tombstone, replies) and to answer a retried send durably, without per-message aggregate state.
-- Written in the same transaction as the event that creates or changes the message. No bodies:
-- only a hash, to tell a retry from a different message reusing its clientMessageId.
CREATE TABLE message_ref (
  message_id        BIGINT      PRIMARY KEY,
  conversation_id   UUID        NOT NULL,
  seq               BIGINT      NOT NULL,
  sender_id         UUID        NOT NULL,
  client_message_id UUID        NOT NULL,
  body_sha256       BYTEA       NOT NULL,
  reply_to          BIGINT,
  sent_at           TIMESTAMPTZ NOT NULL,
  edited_at         TIMESTAMPTZ,
  deleted           BOOLEAN     NOT NULL DEFAULT FALSE,
  UNIQUE (conversation_id, client_message_id),
  UNIQUE (conversation_id, seq)
);

-- Who reacted with what: makes add/remove idempotent (no event when nothing changes).
CREATE TABLE message_reaction (
  message_id BIGINT      NOT NULL,
  user_id    UUID        NOT NULL,
  emoji      VARCHAR(128) NOT NULL,
  PRIMARY KEY (message_id, user_id, emoji)
);
