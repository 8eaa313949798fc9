-- Issue 18 (docs/adr/0140): a message's files as the command side answers retries and edits with
-- them (a JSON array of attachments, NULL when none), and the avatar the account's answers carry.
ALTER TABLE message_ref ADD COLUMN attachments text;
ALTER TABLE account_credentials ADD COLUMN avatar_id uuid;
