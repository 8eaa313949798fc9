-- Mentions and notification levels in the inbox (docs/adr/0153, 0154). A member's level lives on
-- their entry, so leaving (which deletes the entry) forgets it. One row per (message, mentioned
-- member); a message that mentions everyone has a single row whose user_id is the nil UUID, so an
-- @everyone in a group of thousands costs one row. The mention count is a short index range count
-- above the read marker; a deleted message's rows are removed.
ALTER TABLE inbox_entry ADD COLUMN notification_level VARCHAR(8) NOT NULL DEFAULT 'all';

CREATE TABLE inbox_mention (
  conversation_id UUID   NOT NULL,
  user_id         UUID   NOT NULL,
  seq             BIGINT NOT NULL,
  sender_id       UUID   NOT NULL,
  PRIMARY KEY (conversation_id, user_id, seq)
);
