-- End-to-end encrypted conversations (docs/adr/0185): the flag every conversation view carries, and
-- the ciphertext of the last message in the inbox (the client decrypts it for the preview; the
-- server never holds its plaintext).
ALTER TABLE directory_conversation ADD COLUMN encrypted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE inbox_conversation ADD COLUMN last_ciphertext TEXT;
