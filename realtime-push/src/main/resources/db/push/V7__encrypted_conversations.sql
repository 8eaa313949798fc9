-- End-to-end encrypted conversations (docs/adr/0185): pushes carry the flag in the conversation
-- view, and Web Push says only "New encrypted message" for them.
ALTER TABLE push_conversation ADD COLUMN encrypted BOOLEAN NOT NULL DEFAULT FALSE;
