-- Message search (docs/adr/0150): one row per message that is not deleted, with its current body
-- and the body's words in the 'simple' configuration (no stemming, no stop words: chat is
-- multilingual). A deletion removes the row, an edit replaces the body and so the words. Who may
-- find a row is decided at query time from directory_membership, never stored here.
CREATE TABLE search_message (
  conversation_id UUID        NOT NULL,
  seq             BIGINT      NOT NULL,
  message_id      BIGINT      NOT NULL,
  sender_id       UUID        NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  body            TEXT        NOT NULL,
  words           TSVECTOR    GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
  PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX search_message_words ON search_message USING gin (words);
-- Newest first within one conversation, and the keyset of the results.
CREATE INDEX search_message_newest ON search_message (conversation_id, created_at DESC, seq DESC);
