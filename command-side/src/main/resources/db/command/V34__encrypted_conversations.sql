-- The conversations whose messages are end-to-end encrypted (docs/adr/0185), so a send or edit is
-- checked for the right shape (ciphertext, not body) before its command. Written in the same
-- transaction as the event that creates the conversation; a conversation never leaves this table.
CREATE TABLE encrypted_conversation (
  conversation_id UUID PRIMARY KEY
);
